using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Errors;

namespace Switchboard.Providers.OpenAI;

/// <summary>Reads a non-streaming chat completion object (https://platform.openai.com/docs/api-reference/chat/object).</summary>
internal static class OpenAIResponseReader
{
    /// <exception cref="JsonException">The body is not a chat completion.</exception>
    /// <exception cref="ProviderException">The body is an error object sent with a 200 status.</exception>
    public static ChatResponse Read(ReadOnlyMemory<byte> body, string provider)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"The response is {root.ValueKind}, not a JSON object.");
        }

        if (root.TryGetProperty("error", out var error) && error.ValueKind is JsonValueKind.Object or JsonValueKind.String)
        {
            // Some compatible servers report failures in a 200 body.
            var errorReader = new Utf8JsonReader(Encoding.UTF8.GetBytes(error.GetRawText()));
            errorReader.Read();
            throw OpenAIErrorParser.ReadStreamError(ref errorReader, provider, body.Span);
        }

        var id = String(root, "id");
        DateTimeOffset? created = root.TryGetProperty("created", out var createdElement) && createdElement.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

        var contents = new List<AIContent>();
        string? finishReason = null;
        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The response has no choices array.");
        }

        // Only one choice is requested (this client never sends n).
        if (choices.GetArrayLength() > 0)
        {
            var choice = choices[0];
            finishReason = String(choice, "finish_reason");
            if (choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
            {
                ReadMessage(message, id, contents);
            }
        }

        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, contents) { MessageId = id, CreatedAt = created })
        {
            ResponseId = id,
            ModelId = String(root, "model"),
            CreatedAt = created,
        };
        if (finishReason is not null)
        {
            response.FinishReason = OpenAIFinishReason.Map(finishReason);
            response.AdditionalProperties = new() { [SwitchboardProperties.ProviderFinishReason] = finishReason };
        }

        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            response.Usage = OpenAIUsageReader.Read(usage);
        }

        return response;
    }

    private static void ReadMessage(JsonElement message, string? responseId, List<AIContent> contents)
    {
        if (String(message, OpenAIPropertyNames.ReasoningContent) is { Length: > 0 } reasoningContent)
        {
            contents.Add(Reasoning(reasoningContent, OpenAIPropertyNames.ReasoningContent));
        }
        else if (String(message, OpenAIPropertyNames.Reasoning) is { Length: > 0 } reasoning)
        {
            contents.Add(Reasoning(reasoning, OpenAIPropertyNames.Reasoning));
        }

        if (String(message, "content") is { Length: > 0 } text)
        {
            contents.Add(new TextContent(text));
        }

        if (message.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var toolCall in toolCalls.EnumerateArray())
            {
                if (toolCall.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
                {
                    var callId = String(toolCall, "id") ?? $"call_{responseId ?? "openai"}_{index}";
                    contents.Add(ReadFunction(function, callId));
                }

                index++;
            }
        }
        else if (message.TryGetProperty("function_call", out var functionCall) && functionCall.ValueKind == JsonValueKind.Object)
        {
            contents.Add(ReadFunction(functionCall, $"call_{responseId ?? "openai"}_0"));
        }

        if (String(message, "refusal") is { Length: > 0 } refusal)
        {
            contents.Add(new ErrorContent(refusal) { ErrorCode = OpenAIPropertyNames.RefusalErrorCode });
        }
    }

    private static FunctionCallContent ReadFunction(JsonElement function, string callId)
    {
        var name = String(function, "name") ?? string.Empty;
        var arguments = String(function, "arguments") ?? string.Empty;
        return OpenAIFunctionArguments.CreateCall(callId, name, Encoding.UTF8.GetBytes(arguments));
    }

    private static TextReasoningContent Reasoning(string text, string field) => new(text)
    {
        AdditionalProperties = new() { [OpenAIPropertyNames.ReasoningField] = field },
    };

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
