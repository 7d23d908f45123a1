namespace Switchboard.Providers.Anthropic;

/// <summary>The <c>content_block_delta</c> types the stream parser maps (https://platform.claude.com/docs/en/build-with-claude/streaming).</summary>
internal enum AnthropicDeltaKind
{
    /// <summary><c>citations_delta</c> and delta types added later: ignored.</summary>
    Other,
    Text,
    InputJson,
    Thinking,
    Signature,
}
