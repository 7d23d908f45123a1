using LLama;
using LLama.Common;

namespace Switchboard.Local;

/// <summary>Weights in memory plus the parameters each inference context is created with.</summary>
internal sealed record LoadedModel(LLamaWeights Weights, ModelParams Parameters)
{
    /// <summary>The model's chat template from its GGUF metadata, or null when it has none (stories260K has none).</summary>
    public string? ChatTemplate => Weights.Metadata.TryGetValue("tokenizer.chat_template", out var template) ? template : null;
}
