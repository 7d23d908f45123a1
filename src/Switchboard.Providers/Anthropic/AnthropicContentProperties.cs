namespace Switchboard.Providers.Anthropic;

/// <summary>Keys the Anthropic client puts in (and reads from) <c>AIContent.AdditionalProperties</c>.</summary>
public static class AnthropicContentProperties
{
    /// <summary>
    /// Marks a <c>TextReasoningContent</c> that stands for a <c>redacted_thinking</c> block: its text is empty and its
    /// <c>ProtectedData</c> holds the encrypted <c>data</c>, which goes back to the API unchanged on later turns.
    /// A thinking block can also have empty text (omitted thinking display), so the empty text alone does not tell them apart.
    /// </summary>
    public const string RedactedThinking = "anthropic.redacted_thinking";
}
