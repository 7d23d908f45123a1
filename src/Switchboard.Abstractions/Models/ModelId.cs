namespace Switchboard.Models;

/// <summary>A model name in the <c>provider/model</c> form (<c>openai/gpt-4.1</c>, <c>local/stories260K</c>).</summary>
public readonly record struct ModelId(string Provider, string Model)
{
    /// <summary>Parses <c>provider/model</c>; the model part may itself contain slashes (<c>openai/meta-llama/Llama-3</c>).</summary>
    /// <exception cref="FormatException">The text has no provider or no model part.</exception>
    public static ModelId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1)
        {
            throw new FormatException(
                $"Model '{text}' is not in the form provider/model (for example openai/gpt-4.1 or local/stories260K).");
        }

        return new ModelId(text[..slash].Trim().ToLowerInvariant(), text[(slash + 1)..].Trim());
    }

    /// <inheritdoc />
    public override string ToString() => $"{Provider}/{Model}";
}
