using Microsoft.ML.Tokenizers;
using Switchboard.Tokens;

namespace Switchboard.Context.Tokens;

/// <summary>
/// Exact counts for OpenAI models: the tiktoken BPE (<c>o200k_base</c> or <c>cl100k_base</c>) through
/// Microsoft.ML.Tokenizers, with the vocabularies shipped in its data packages so counting works offline.
/// </summary>
/// <remarks>Thread-safe: the tokenizer is read-only apart from its internal concurrent cache.</remarks>
public sealed class TiktokenTokenCounter : ITokenCounter
{
    /// <summary>The encoding of gpt-4o, gpt-4.1, gpt-5 and the o-series reasoning models.</summary>
    public const string O200kBaseName = "o200k_base";

    /// <summary>The encoding of gpt-4, gpt-4-turbo and gpt-3.5-turbo.</summary>
    public const string Cl100kBaseName = "cl100k_base";

    private static readonly Lazy<TiktokenTokenCounter> O200k = new(() => new TiktokenTokenCounter(O200kBaseName));
    private static readonly Lazy<TiktokenTokenCounter> Cl100k = new(() => new TiktokenTokenCounter(Cl100kBaseName));

    private TiktokenTokenCounter(string encodingName)
    {
        EncodingName = encodingName;
        Tokenizer = TiktokenTokenizer.CreateForEncoding(encodingName);
    }

    /// <summary>The shared <c>o200k_base</c> counter (the vocabulary is loaded on first use).</summary>
    public static TiktokenTokenCounter O200kBase => O200k.Value;

    /// <summary>The shared <c>cl100k_base</c> counter (the vocabulary is loaded on first use).</summary>
    public static TiktokenTokenCounter Cl100kBase => Cl100k.Value;

    /// <summary><c>o200k_base</c> or <c>cl100k_base</c>.</summary>
    public string EncodingName { get; }

    /// <inheritdoc />
    public bool IsExact => true;

    /// <summary>The underlying tokenizer, for callers that need token ids.</summary>
    public Tokenizer Tokenizer { get; }

    /// <summary>The counter for an encoding by name.</summary>
    /// <exception cref="ArgumentException">The name is neither <c>o200k_base</c> nor <c>cl100k_base</c>.</exception>
    public static TiktokenTokenCounter ForEncoding(string encodingName)
    {
        ArgumentNullException.ThrowIfNull(encodingName);
        return encodingName.Trim().ToLowerInvariant() switch
        {
            O200kBaseName => O200kBase,
            Cl100kBaseName => Cl100kBase,
            _ => throw new ArgumentException(
                $"Unknown tiktoken encoding '{encodingName}'. Known: {O200kBaseName}, {Cl100kBaseName}.", nameof(encodingName)),
        };
    }

    /// <summary>
    /// The encoding OpenAI uses for <paramref name="model"/> (the part after <c>openai/</c>), or null when the name
    /// is not an OpenAI chat model this counter knows.
    /// </summary>
    public static TiktokenTokenCounter? ForModel(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return OpenAIModelFamily.EncodingOf(model) switch
        {
            O200kBaseName => O200kBase,
            Cl100kBaseName => Cl100kBase,
            _ => null,
        };
    }

    /// <inheritdoc />
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? 0 : Tokenizer.CountTokens(text);
    }
}
