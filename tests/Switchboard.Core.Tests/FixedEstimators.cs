using Switchboard.Models;
using Switchboard.Tokens;

namespace Switchboard.Core.Tests;

/// <summary>Four characters per token as the estimate, every byte a token as the upper bound, for any model.</summary>
internal sealed class FixedEstimators : ITokenEstimatorSource
{
    public static FixedEstimators Instance { get; } = new();

    public RequestTokenEstimator GetEstimator(ModelId model) => new(CharacterTokenCounter.Default);

    public RequestTokenEstimator GetUpperBound(ModelId model) => new(Utf8ByteTokenCounter.Instance);
}
