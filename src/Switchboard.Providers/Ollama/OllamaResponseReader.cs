using System.Text;
using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Ollama;

/// <summary>Reads a non-streaming <c>/api/chat</c> body (<c>"stream": false</c>) into a <see cref="ChatResponse"/>.</summary>
internal static class OllamaResponseReader
{
    /// <exception cref="System.Text.Json.JsonException">The body is not a JSON object.</exception>
    /// <exception cref="Switchboard.Errors.ProviderException">The body is an <c>{"error": ...}</c> object.</exception>
    public static ChatResponse Read(ReadOnlySpan<byte> body, string provider, string responseId)
    {
        var chunk = new OllamaChunk();
        OllamaChunkReader.Read(body, chunk);
        if (chunk.Error is { } error)
        {
            throw OllamaStreamParser.CreateInBandError(provider, error, Encoding.UTF8.GetString(body));
        }

        var contents = new List<AIContent>(2 + chunk.ToolCalls.Count);
        if (!string.IsNullOrEmpty(chunk.Thinking))
        {
            contents.Add(new TextReasoningContent(chunk.Thinking));
        }

        if (!string.IsNullOrEmpty(chunk.Content))
        {
            contents.Add(new TextContent(chunk.Content));
        }

        var calls = new OllamaStreamParser(provider, responseId);
        foreach (var call in chunk.ToolCalls)
        {
            contents.Add(calls.ToFunctionCall(call));
        }

        var message = new ChatMessage(ChatRole.Assistant, contents) { MessageId = responseId };
        var response = new ChatResponse(message)
        {
            ResponseId = responseId,
            ModelId = chunk.Model,
            CreatedAt = chunk.CreatedAt,
            Usage = OllamaStreamParser.ToUsage(chunk),
            FinishReason = chunk.Done || chunk.DoneReason is not null
                ? OllamaFinishReason.Map(chunk.DoneReason, chunk.ToolCalls.Count > 0)
                : null,
        };

        if (chunk.DoneReason is { } raw)
        {
            response.AdditionalProperties = new() { [SwitchboardProperties.ProviderFinishReason] = raw };
        }

        return response;
    }
}
