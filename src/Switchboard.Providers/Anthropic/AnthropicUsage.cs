using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Anthropic;

/// <summary>
/// Anthropic's token counts as they arrive. <c>input_tokens</c> counts only the uncached part of the prompt, so the
/// prompt total is <c>input_tokens + cache_read_input_tokens + cache_creation_input_tokens</c>
/// (https://platform.claude.com/docs/en/build-with-claude/prompt-caching, "Tracking cache performance").
/// In a stream, <c>message_start</c> carries the input counts and each <c>message_delta</c> the cumulative ones
/// (https://platform.claude.com/docs/en/build-with-claude/streaming, "Event types"); a later value replaces an earlier one.
/// </summary>
internal struct AnthropicUsage
{
    public long? InputTokens;
    public long? OutputTokens;
    public long? CacheReadInputTokens;
    public long? CacheCreationInputTokens;

    public readonly bool HasAny => InputTokens is not null || OutputTokens is not null
        || CacheReadInputTokens is not null || CacheCreationInputTokens is not null;

    /// <summary>Reads a <c>usage</c> object; the reader is on its <see cref="JsonTokenType.StartObject"/> and ends on its end.</summary>
    public void Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("input_tokens"u8))
            {
                InputTokens = ReadCount(ref reader) ?? InputTokens;
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                OutputTokens = ReadCount(ref reader) ?? OutputTokens;
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                CacheReadInputTokens = ReadCount(ref reader) ?? CacheReadInputTokens;
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                CacheCreationInputTokens = ReadCount(ref reader) ?? CacheCreationInputTokens;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    public void Read(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        InputTokens = Count(usage, "input_tokens") ?? InputTokens;
        OutputTokens = Count(usage, "output_tokens") ?? OutputTokens;
        CacheReadInputTokens = Count(usage, "cache_read_input_tokens") ?? CacheReadInputTokens;
        CacheCreationInputTokens = Count(usage, "cache_creation_input_tokens") ?? CacheCreationInputTokens;
    }

    /// <summary>The counts in the normalized form; <paramref name="alreadyReported"/> is subtracted, so usage summed over updates stays right.</summary>
    public readonly UsageDetails? ToDetails(AnthropicUsage alreadyReported = default)
    {
        var input = Minus(InputTokens, alreadyReported.InputTokens);
        var output = Minus(OutputTokens, alreadyReported.OutputTokens);
        var cacheRead = Minus(CacheReadInputTokens, alreadyReported.CacheReadInputTokens);
        var cacheCreation = Minus(CacheCreationInputTokens, alreadyReported.CacheCreationInputTokens);
        if (input is null or 0 && output is null or 0 && cacheRead is null or 0 && cacheCreation is null or 0
            && alreadyReported.HasAny)
        {
            return null;
        }

        long? promptTotal = input is null && cacheRead is null && cacheCreation is null
            ? null
            : (input ?? 0) + (cacheRead ?? 0) + (cacheCreation ?? 0);
        var details = new UsageDetails
        {
            InputTokenCount = promptTotal,
            OutputTokenCount = output,
            TotalTokenCount = promptTotal is null && output is null ? null : (promptTotal ?? 0) + (output ?? 0),
            CachedInputTokenCount = cacheRead,
        };

        if (cacheCreation is not null)
        {
            details.AdditionalCounts = new AdditionalPropertiesDictionary<long>
            {
                [SwitchboardProperties.CacheCreationInputTokens] = cacheCreation.Value,
            };
        }

        return details;
    }

    private static long? Minus(long? value, long? reported) => value is null ? null : value.Value - (reported ?? 0);

    private static long? ReadCount(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : null;
    }

    private static long? Count(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}
