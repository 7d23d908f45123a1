using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Serialization;

namespace Switchboard.Cli.Output;

/// <summary>
/// Writes print mode's JSON contract with <see cref="Utf8JsonWriter"/>: the shapes are a public contract,
/// so they are spelled out here field by field instead of derived from classes by reflection.
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Keep non-ASCII text readable for humans piping the output; it is still valid JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary><c>{"model","text","reasoning","tool_calls":[{"id","name","arguments"}],"finish_reason","usage":{...},"cost_usd","cached"}</c></summary>
    /// <param name="result">The turn.</param>
    /// <param name="costUsd">What the turn's provider calls cost, or null when a model is unpriced.</param>
    /// <param name="cached">Whether the answer came from the response cache (then it cost nothing).</param>
    public static string Result(ChatTurnResult result, decimal? costUsd, bool cached)
    {
        var response = result.ToResponse();
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("model", result.Model);
            writer.WriteString("served_by", result.ServedBy);
            writer.WriteString("provider_model", result.ProviderModel);
            writer.WriteString("text", response.Text);
            writer.WriteString("reasoning", result.Reasoning);
            writer.WriteStartArray("tool_calls");
            foreach (var call in response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>())
            {
                WriteToolCall(writer, call);
            }

            writer.WriteEndArray();
            writer.WriteString("finish_reason", result.FinishReason);
            writer.WritePropertyName("usage");
            WriteUsage(writer, response.Usage);
            if (costUsd is { } cost)
            {
                writer.WriteNumber("cost_usd", cost);
            }
            else
            {
                writer.WriteNull("cost_usd");
            }

            writer.WriteBoolean("cached", cached);
            writer.WriteEndObject();
        });
    }

    /// <summary>One stream-json event: <c>{"type":"text","text":"..."}</c> and so on.</summary>
    public static string Event(string type, Action<Utf8JsonWriter> writeFields) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writeFields(writer);
        writer.WriteEndObject();
    });

    /// <summary><c>{"error":{"kind","status","message"}}</c></summary>
    public static string Error(ErrorReport error) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("kind", error.Kind);
        if (error.Status is { } status)
        {
            writer.WriteNumber("status", status);
        }
        else
        {
            writer.WriteNull("status");
        }

        writer.WriteString("message", error.Message);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    public static void WriteToolCall(Utf8JsonWriter writer, FunctionCallContent call)
    {
        writer.WriteStartObject();
        WriteToolCallFields(writer, call);
        writer.WriteEndObject();
    }

    /// <summary><c>"id", "name", "arguments"</c> of a call, inside an object the caller opened.</summary>
    public static void WriteToolCallFields(Utf8JsonWriter writer, FunctionCallContent call)
    {
        writer.WriteString("id", call.CallId);
        writer.WriteString("name", call.Name);
        writer.WritePropertyName("arguments");
        WriteArguments(writer, call);
    }

    /// <summary>The call's arguments as a JSON object (empty when the model passed none).</summary>
    private static void WriteArguments(Utf8JsonWriter writer, FunctionCallContent call)
    {
        JsonValueWriter.Write(writer, call.Arguments ?? new Dictionary<string, object?>());
    }

    public static void WriteUsage(Utf8JsonWriter writer, UsageDetails? usage)
    {
        writer.WriteStartObject();
        WriteCount(writer, "input_tokens", usage?.InputTokenCount);
        WriteCount(writer, "output_tokens", usage?.OutputTokenCount);
        WriteCount(writer, "cached_input_tokens", usage?.CachedInputTokenCount);
        WriteCount(writer, "reasoning_tokens", usage?.ReasoningTokenCount);
        writer.WriteEndObject();
    }

    private static void WriteCount(Utf8JsonWriter writer, string name, long? count)
    {
        if (count is { } value)
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
