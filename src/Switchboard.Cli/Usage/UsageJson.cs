using System.Text.Json;
using Switchboard.Core.Usage;

namespace Switchboard.Cli.Usage;

/// <summary><c>switchboard usage --json</c>: <c>{"since","group_by","rows":[...],"total":{...}}</c>.</summary>
internal static class UsageJson
{
    public static UsageSummaryRow Total(IReadOnlyList<UsageSummaryRow> rows) => new()
    {
        Key = "total",
        Calls = rows.Sum(r => r.Calls),
        FailedCalls = rows.Sum(r => r.FailedCalls),
        InputTokens = rows.Sum(r => r.InputTokens),
        OutputTokens = rows.Sum(r => r.OutputTokens),
        CachedInputTokens = rows.Sum(r => r.CachedInputTokens),
        ReasoningTokens = rows.Sum(r => r.ReasoningTokens),
        CostUsd = rows.Sum(r => r.CostUsd),
        UnpricedCalls = rows.Sum(r => r.UnpricedCalls),
    };

    public static string Write(UsageGrouping grouping, DateTimeOffset since, IReadOnlyList<UsageSummaryRow> rows)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("since", since.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("group_by", grouping.ToString().ToLowerInvariant());
            writer.WriteStartArray("rows");
            foreach (var row in rows)
            {
                WriteRow(writer, row);
            }

            writer.WriteEndArray();
            writer.WritePropertyName("total");
            WriteRow(writer, Total(rows));
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteRow(Utf8JsonWriter writer, UsageSummaryRow row)
    {
        writer.WriteStartObject();
        writer.WriteString("key", row.Key);
        writer.WriteNumber("calls", row.Calls);
        writer.WriteNumber("failed_calls", row.FailedCalls);
        writer.WriteNumber("input_tokens", row.InputTokens);
        writer.WriteNumber("output_tokens", row.OutputTokens);
        writer.WriteNumber("cached_input_tokens", row.CachedInputTokens);
        writer.WriteNumber("reasoning_tokens", row.ReasoningTokens);
        writer.WriteNumber("cost_usd", Math.Round(row.CostUsd, 8));
        writer.WriteNumber("unpriced_calls", row.UnpricedCalls);
        writer.WriteEndObject();
    }
}
