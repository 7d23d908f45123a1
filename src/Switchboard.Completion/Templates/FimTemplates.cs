namespace Switchboard.Completion.Templates;

/// <summary>The FIM formats of the code-model families in use, as their model cards give them.</summary>
public static class FimTemplates
{
    /// <summary>
    /// Codestral: <c>[SUFFIX]suffix[PREFIX]prefix</c>, then the middle (mistral-common's <c>encode_fim</c>, tested as
    /// <c>&lt;s&gt;[SUFFIX]…[PREFIX]…</c>; https://huggingface.co/mistralai/Codestral-22B-v0.1).
    /// </summary>
    public static readonly FimTemplate Codestral = new(
        "codestral", SuffixFirst: true, "[SUFFIX]", "[PREFIX]", string.Empty,
        ["</s>", "[SUFFIX]", "[PREFIX]"],
        "https://huggingface.co/mistralai/Codestral-22B-v0.1");

    /// <summary>DeepSeek-Coder: <c>&lt;｜fim▁begin｜&gt;prefix&lt;｜fim▁hole｜&gt;suffix&lt;｜fim▁end｜&gt;</c>.</summary>
    public static readonly FimTemplate DeepSeekCoder = new(
        "deepseek-coder", SuffixFirst: false, "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>",
        ["<｜end▁of▁sentence｜>", "<|EOT|>", "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>"],
        "https://github.com/deepseek-ai/DeepSeek-Coder#2-code-insertion");

    /// <summary>Qwen2.5-Coder: <c>&lt;|fim_prefix|&gt;prefix&lt;|fim_suffix|&gt;suffix&lt;|fim_middle|&gt;</c>.</summary>
    public static readonly FimTemplate QwenCoder = new(
        "qwen2.5-coder", SuffixFirst: false, "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>",
        ["<|endoftext|>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>", "<|im_start|>", "<|im_end|>"],
        "https://github.com/QwenLM/Qwen2.5-Coder#3-file-level-code-completion-fill-in-the-middle");

    /// <summary>StarCoder2: <c>&lt;fim_prefix&gt;prefix&lt;fim_suffix&gt;suffix&lt;fim_middle&gt;</c>.</summary>
    public static readonly FimTemplate StarCoder2 = new(
        "starcoder2", SuffixFirst: false, "<fim_prefix>", "<fim_suffix>", "<fim_middle>",
        ["<|endoftext|>", "<file_sep>", "<fim_prefix>", "<fim_suffix>", "<fim_middle>"],
        "https://huggingface.co/bigcode/starcoder2-15b");

    /// <summary>Code Llama: <c>&lt;PRE&gt; prefix &lt;SUF&gt;suffix &lt;MID&gt;</c>, ended by <c>&lt;EOT&gt;</c>.</summary>
    public static readonly FimTemplate CodeLlama = new(
        "codellama", SuffixFirst: false, "<PRE> ", " <SUF>", " <MID>",
        ["<EOT>", "</s>", "<PRE>", "<SUF>", "<MID>"],
        "https://huggingface.co/codellama/CodeLlama-7b-hf (infilling, as in meta-llama/codellama llama/generation.py)");

    /// <summary>CodeGemma: <c>&lt;|fim_prefix|&gt;prefix&lt;|fim_suffix|&gt;suffix&lt;|fim_middle|&gt;</c>, ended by <c>&lt;|file_separator|&gt;</c>.</summary>
    public static readonly FimTemplate CodeGemma = new(
        "codegemma", SuffixFirst: false, "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>",
        ["<|file_separator|>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<eos>"],
        "https://huggingface.co/google/codegemma-2b");

    /// <summary>Every template.</summary>
    public static IReadOnlyList<FimTemplate> All { get; } = [Codestral, DeepSeekCoder, QwenCoder, StarCoder2, CodeLlama, CodeGemma];

    /// <summary>The template for a model name (<c>qwen2.5-coder:1.5b</c>, <c>bigcode/starcoder2-3b</c>), or null when none fits.</summary>
    public static FimTemplate? ForModel(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var name = model.ToLowerInvariant();
        return name switch
        {
            _ when name.Contains("codestral", StringComparison.Ordinal) => Codestral,
            _ when name.Contains("deepseek-coder", StringComparison.Ordinal) || name.Contains("deepseek_coder", StringComparison.Ordinal) => DeepSeekCoder,
            _ when name.Contains("qwen", StringComparison.Ordinal) && name.Contains("coder", StringComparison.Ordinal) => QwenCoder,
            _ when name.Contains("starcoder", StringComparison.Ordinal) => StarCoder2,
            _ when name.Contains("codellama", StringComparison.Ordinal) || name.Contains("code-llama", StringComparison.Ordinal) || name.Contains("code_llama", StringComparison.Ordinal) => CodeLlama,
            _ when name.Contains("codegemma", StringComparison.Ordinal) => CodeGemma,
            _ => null,
        };
    }

    /// <summary>The template of a family by name (<c>qwen2.5-coder</c>), for configuration.</summary>
    /// <exception cref="ArgumentException">No template has that family name.</exception>
    public static FimTemplate ByFamily(string family)
    {
        ArgumentNullException.ThrowIfNull(family);
        return All.FirstOrDefault(t => string.Equals(t.Family, family, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"No FIM template named '{family}'. Known: {string.Join(", ", All.Select(t => t.Family))}.", nameof(family));
    }
}
