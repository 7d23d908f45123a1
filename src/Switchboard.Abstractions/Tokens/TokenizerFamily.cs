namespace Switchboard.Tokens;

/// <summary>Which tokenizer a model's text is counted with.</summary>
public enum TokenizerFamily
{
    /// <summary>OpenAI's <c>o200k_base</c>, exact.</summary>
    OpenAIO200k,

    /// <summary>OpenAI's <c>cl100k_base</c>, exact.</summary>
    OpenAICl100k,

    /// <summary>Claude: estimated from <c>cl100k_base</c>, calibrated.</summary>
    Anthropic,

    /// <summary>Gemini and Gemma: estimated from <c>o200k_base</c>, calibrated.</summary>
    Gemini,

    /// <summary>Open models served by Ollama (Llama, Qwen, Mistral...): estimated from <c>cl100k_base</c>, calibrated.</summary>
    OpenWeights,

    /// <summary>A model whose provider counts exactly itself (its descriptor's estimator is exact: local GGUF models).</summary>
    Registered,

    /// <summary>Nothing known: estimated from <c>cl100k_base</c>, calibrated.</summary>
    Unknown,
}
