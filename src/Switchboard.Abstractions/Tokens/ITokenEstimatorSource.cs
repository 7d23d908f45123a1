using Switchboard.Models;

namespace Switchboard.Tokens;

/// <summary>Gives, per model, the estimators used before a provider reports usage.</summary>
public interface ITokenEstimatorSource
{
    /// <summary>The closest estimate available for the model (exact where an exact tokenizer is known).</summary>
    RequestTokenEstimator GetEstimator(ModelId model);

    /// <summary>An upper bound for the model's input: what a budget must hold so the prompt can never cost more.</summary>
    RequestTokenEstimator GetUpperBound(ModelId model);
}
