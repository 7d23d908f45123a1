using System.Buffers;

namespace Switchboard.Providers.Anthropic;

/// <summary>A content block in progress in a stream; only <c>tool_use</c> blocks collect anything (their input JSON).</summary>
internal sealed class AnthropicStreamBlock(AnthropicBlockKind kind, string? id, string? name)
{
    public AnthropicBlockKind Kind { get; } = kind;

    public string? Id { get; } = id;

    public string? Name { get; } = name;

    /// <summary>The <c>partial_json</c> fragments so far, concatenated as UTF-8.</summary>
    public ArrayBufferWriter<byte>? Input { get; set; }
}
