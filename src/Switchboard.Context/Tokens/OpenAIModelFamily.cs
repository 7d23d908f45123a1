namespace Switchboard.Context.Tokens;

/// <summary>Which tiktoken encoding an OpenAI model name uses, after tiktoken's own model table.</summary>
internal static class OpenAIModelFamily
{
    // tiktoken's MODEL_PREFIX_TO_ENCODING: o200k_base for gpt-4o, gpt-4.1, gpt-4.5, gpt-5, chatgpt-4o and the o1/o3/o4
    // reasoning models (and gpt-oss); cl100k_base for gpt-4, gpt-4-turbo, gpt-3.5-turbo and the ada-002/3 embeddings.
    private static readonly string[] O200kPrefixes = ["gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "chatgpt-4o", "o1", "o3", "o4", "gpt-oss", "codex-"];
    private static readonly string[] Cl100kPrefixes = ["gpt-4", "gpt-3.5", "gpt-35", "text-embedding-ada-002", "text-embedding-3"];

    /// <summary><c>o200k_base</c>, <c>cl100k_base</c> or null for a name that is not an OpenAI model.</summary>
    public static string? EncodingOf(string model)
    {
        // "openai/gpt-4o" through a router, "ft:gpt-4o-mini:org::id" for fine-tunes.
        var name = model.Trim().ToLowerInvariant();
        var slash = name.LastIndexOf('/');
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
        }

        if (name.StartsWith("ft:", StringComparison.Ordinal))
        {
            name = name[3..];
        }

        // o200k first: "gpt-4o" and "gpt-4.1" also start with "gpt-4".
        if (O200kPrefixes.Any(p => StartsWithName(name, p)))
        {
            return TiktokenTokenCounter.O200kBaseName;
        }

        return Cl100kPrefixes.Any(p => StartsWithName(name, p)) ? TiktokenTokenCounter.Cl100kBaseName : null;
    }

    // "o1" must match "o1", "o1-mini", "o1-2024-12-17", but not "o100-something"; a prefix ending in '-' or '.' is whole.
    private static bool StartsWithName(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal)
        && (name.Length == prefix.Length || prefix[^1] is '-' or '.' || !char.IsAsciiDigit(name[prefix.Length]) || prefix.StartsWith("gpt-", StringComparison.Ordinal));
}
