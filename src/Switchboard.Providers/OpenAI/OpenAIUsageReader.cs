using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Providers.OpenAI;

/// <summary>
/// Reads a usage object of either OpenAI API: Chat Completions (<c>prompt_tokens</c>, <c>completion_tokens</c>,
/// <c>prompt_tokens_details.cached_tokens</c>, <c>completion_tokens_details.reasoning_tokens</c>) or Responses
/// (<c>input_tokens</c>, <c>output_tokens</c>, <c>input_tokens_details</c>, <c>output_tokens_details</c>).
/// OpenAI's prompt count already includes cached tokens and its completion count already includes reasoning tokens
/// (https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage), which is what
/// <see cref="UsageDetails"/> wants, so no arithmetic is needed.
/// </summary>
internal static class OpenAIUsageReader
{
    /// <summary>Reads the object the reader is positioned on (its StartObject token); leaves the reader on its EndObject.</summary>
    public static UsageDetails Read(ref Utf8JsonReader reader)
    {
        ExpectStartObject(ref reader);
        var usage = new UsageDetails();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8) || reader.ValueTextEquals("input_tokens"u8))
            {
                usage.InputTokenCount = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8) || reader.ValueTextEquals("output_tokens"u8))
            {
                usage.OutputTokenCount = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                usage.TotalTokenCount = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8) || reader.ValueTextEquals("input_tokens_details"u8))
            {
                ReadDetails(ref reader, usage, input: true);
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8) || reader.ValueTextEquals("output_tokens_details"u8))
            {
                ReadDetails(ref reader, usage, input: false);
            }
            else
            {
                reader.Skip();
            }
        }

        usage.TotalTokenCount ??= usage.InputTokenCount + usage.OutputTokenCount;
        return usage;
    }

    /// <summary>Reads a usage object from a parsed document (non-streaming responses).</summary>
    public static UsageDetails Read(JsonElement element)
    {
        var usage = new UsageDetails
        {
            InputTokenCount = Count(element, "prompt_tokens") ?? Count(element, "input_tokens"),
            OutputTokenCount = Count(element, "completion_tokens") ?? Count(element, "output_tokens"),
            TotalTokenCount = Count(element, "total_tokens"),
        };
        if ((Object(element, "prompt_tokens_details") ?? Object(element, "input_tokens_details")) is { } input)
        {
            usage.CachedInputTokenCount = Count(input, "cached_tokens");
        }

        if ((Object(element, "completion_tokens_details") ?? Object(element, "output_tokens_details")) is { } output)
        {
            usage.ReasoningTokenCount = Count(output, "reasoning_tokens");
        }

        usage.TotalTokenCount ??= usage.InputTokenCount + usage.OutputTokenCount;
        return usage;
    }

    private static void ReadDetails(ref Utf8JsonReader reader, UsageDetails usage, bool input)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        ExpectStartObject(ref reader);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (input && reader.ValueTextEquals("cached_tokens"u8))
            {
                usage.CachedInputTokenCount = ReadCount(ref reader);
            }
            else if (!input && reader.ValueTextEquals("reasoning_tokens"u8))
            {
                usage.ReasoningTokenCount = ReadCount(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static long? ReadCount(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetInt64(),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"A token count is {reader.TokenType}, not a number."),
        };
    }

    private static void ExpectStartObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a usage object, found {reader.TokenType}.");
        }
    }

    private static long? Count(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    private static JsonElement? Object(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;
}
