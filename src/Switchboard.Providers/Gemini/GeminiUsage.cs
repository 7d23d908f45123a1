using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Gemini;

/// <summary>
/// A <c>usageMetadata</c> object. Gemini reports running totals in every stream chunk (the fixture's early chunks
/// have no <c>candidatesTokenCount</c> at all), so values are snapshots, never deltas.
/// Fields: https://ai.google.dev/api/generate-content#UsageMetadata
/// </summary>
internal readonly record struct GeminiUsage(
    long? PromptTokens,
    long? CandidatesTokens,
    long? ThoughtsTokens,
    long? CachedContentTokens,
    long? ToolUsePromptTokens,
    long? TotalTokens)
{
    /// <summary>Key in <see cref="UsageDetails.AdditionalCounts"/> for tokens of server-side tool prompts.</summary>
    public const string ToolUsePromptTokensKey = "tool_use_prompt_tokens";

    /// <summary>True when no count is set or all are zero.</summary>
    public bool IsEmpty => (PromptTokens ?? 0) == 0 && (CandidatesTokens ?? 0) == 0 && (ThoughtsTokens ?? 0) == 0
        && (CachedContentTokens ?? 0) == 0 && (ToolUsePromptTokens ?? 0) == 0 && (TotalTokens ?? 0) == 0;

    /// <summary>Reads the object the reader is positioned on (its <c>StartObject</c> or the property name before it).</summary>
    public static GeminiUsage Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.PropertyName)
        {
            reader.Read();
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            return default;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("usageMetadata is not an object.");
        }

        long? prompt = null, candidates = null, thoughts = null, cached = null, toolUse = null, total = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("promptTokenCount"u8))
            {
                prompt = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("candidatesTokenCount"u8))
            {
                candidates = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("thoughtsTokenCount"u8))
            {
                thoughts = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("cachedContentTokenCount"u8))
            {
                cached = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("toolUsePromptTokenCount"u8))
            {
                toolUse = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("totalTokenCount"u8))
            {
                total = ReadCount(ref reader);
            }
            else
            {
                // promptTokensDetails, candidatesTokensDetails, cacheTokensDetails, trafficType, ...
                reader.Skip();
            }
        }

        return new GeminiUsage(prompt, candidates, thoughts, cached, toolUse, total);
    }

    /// <summary>
    /// The counts in M.E.AI terms: input includes cached content (Gemini's <c>promptTokenCount</c> already does),
    /// output includes thinking tokens (Gemini reports them apart, in <c>thoughtsTokenCount</c>).
    /// </summary>
    public UsageDetails ToUsageDetails()
    {
        var details = new UsageDetails
        {
            InputTokenCount = PromptTokens,
            OutputTokenCount = CandidatesTokens is null && ThoughtsTokens is null ? null : (CandidatesTokens ?? 0) + (ThoughtsTokens ?? 0),
            TotalTokenCount = TotalTokens,
            CachedInputTokenCount = CachedContentTokens,
            ReasoningTokenCount = ThoughtsTokens,
        };

        if (ToolUsePromptTokens is { } toolUse)
        {
            details.AdditionalCounts = new AdditionalPropertiesDictionary<long> { [ToolUsePromptTokensKey] = toolUse };
        }

        return details;
    }

    /// <summary>What this snapshot adds to an earlier one (usage updates must be deltas: consumers sum them).</summary>
    public GeminiUsage Minus(GeminiUsage earlier) => new(
        Sub(PromptTokens, earlier.PromptTokens),
        Sub(CandidatesTokens, earlier.CandidatesTokens),
        Sub(ThoughtsTokens, earlier.ThoughtsTokens),
        Sub(CachedContentTokens, earlier.CachedContentTokens),
        Sub(ToolUsePromptTokens, earlier.ToolUsePromptTokens),
        Sub(TotalTokens, earlier.TotalTokens));

    private static long? Sub(long? now, long? before) => now is { } n ? n - (before ?? 0) : null;

    private static long? ReadCount(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetInt64(),

            // Proto3 JSON may render 64-bit integers as strings.
            JsonTokenType.String when long.TryParse(reader.GetString(), out var value) => value,
            JsonTokenType.Null => null,
            _ => throw new JsonException("A usageMetadata count is not a number."),
        };
    }
}
