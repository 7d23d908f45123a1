namespace Switchboard.Providers.Anthropic;

/// <summary>The content block types the stream parser tracks between <c>content_block_start</c> and <c>content_block_stop</c>.</summary>
internal enum AnthropicBlockKind
{
    /// <summary>Server tools, redacted thinking and block types added later: nothing to assemble.</summary>
    Other,
    Text,
    ToolUse,
    Thinking,
}
