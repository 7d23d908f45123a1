using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Gemini;

/// <summary>Builds a <see cref="ChatResponse"/> from a non-streaming <c>generateContent</c> body.</summary>
internal static class GeminiResponseReader
{
    /// <exception cref="JsonException">The body is not a Gemini response.</exception>
    public static ChatResponse Read(ReadOnlySpan<byte> body, GeminiChunkParser parser)
    {
        // The same object a stream chunk is, so the same parser reads it; usage is reported even without a finish reason.
        var update = parser.Parse(body, wholeResponse: true);
        var message = new ChatMessage(ChatRole.Assistant, []) { MessageId = update?.MessageId, CreatedAt = update?.CreatedAt };
        var response = new ChatResponse(message)
        {
            ResponseId = update?.ResponseId,
            ModelId = update?.ModelId,
            CreatedAt = update?.CreatedAt,
            FinishReason = update?.FinishReason,
            AdditionalProperties = update?.AdditionalProperties,
        };

        if (update is null)
        {
            return response;
        }

        foreach (var content in update.Contents)
        {
            if (content is UsageContent usage)
            {
                response.Usage = usage.Details;
            }
            else
            {
                message.Contents.Add(content);
            }
        }

        return response;
    }
}
