using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Providers.OpenAI;

/// <summary>
/// Collects one streamed tool call: the id and name come in its first delta, the arguments in pieces over many
/// (https://platform.openai.com/docs/api-reference/chat-streaming/streaming#chat-streaming/streaming-choices).
/// Argument pieces are unescaped straight into a byte buffer, so no string is made per delta.
/// </summary>
internal sealed class OpenAIToolCallBuilder(int? index)
{
    private readonly ArrayBufferWriter<byte> _arguments = new(256);

    /// <summary>The <c>index</c> the deltas of this call carry (null when a server omits it).</summary>
    public int? Index { get; } = index;

    public string? Id { get; set; }

    public string? Name { get; set; }

    /// <summary>Appends the string token the reader is on (an <c>arguments</c> piece), unescaped.</summary>
    public void AppendArguments(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Tool call arguments are {reader.TokenType}, not a string.");
        }

        // Unescaping never makes the text longer.
        var written = reader.CopyString(_arguments.GetSpan(reader.ValueSpan.Length));
        _arguments.Advance(written);
    }

    /// <summary>The finished call; <paramref name="fallbackId"/> is used when the server sent no id.</summary>
    public FunctionCallContent Build(string fallbackId) =>
        OpenAIFunctionArguments.CreateCall(Id ?? fallbackId, Name ?? string.Empty, _arguments.WrittenMemory);
}
