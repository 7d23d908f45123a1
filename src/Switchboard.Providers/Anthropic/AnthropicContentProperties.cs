namespace Switchboard.Providers.Anthropic;

/// <summary>Keys the Anthropic client puts in (and reads from) <c>AdditionalProperties</c> of contents and tools.</summary>
public static class AnthropicContentProperties
{
    /// <summary>
    /// Marks a <c>TextReasoningContent</c> that stands for a <c>redacted_thinking</c> block: its text is empty and its
    /// <c>ProtectedData</c> holds the encrypted <c>data</c>, which goes back to the API unchanged on later turns.
    /// A thinking block can also have empty text (omitted thinking display), so the empty text alone does not tell them apart.
    /// </summary>
    public const string RedactedThinking = "anthropic.redacted_thinking";

    /// <summary>
    /// A prompt-cache breakpoint for the block made from this content (or tool, or system text), e.g.
    /// <c>{"type":"ephemeral"}</c>; written as the block's <c>cache_control</c>
    /// (https://platform.claude.com/docs/en/build-with-claude/prompt-caching).
    /// </summary>
    public const string CacheControl = "cache_control";
}
