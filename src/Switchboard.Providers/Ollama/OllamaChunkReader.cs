using System.Text.Json;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Ollama;

/// <summary>
/// Reads one <c>/api/chat</c> JSON object with a <see cref="Utf8JsonReader"/> straight from the bytes. Unknown
/// properties (durations, <c>logprobs</c>, <c>images</c>, future fields) are skipped. Malformed JSON throws
/// <see cref="JsonException"/>, which the HTTP layer reports as an invalid response.
/// </summary>
internal static class OllamaChunkReader
{
    public static void Read(ReadOnlySpan<byte> json, OllamaChunk chunk)
    {
        chunk.Reset();
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected a JSON object.");
        }

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("model"u8))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.String && (chunk.Model is null || !reader.ValueTextEquals(chunk.Model)))
                {
                    chunk.Model = reader.GetString();
                }
            }
            else if (reader.ValueTextEquals("created_at"u8))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var createdAt))
                {
                    chunk.CreatedAt = createdAt;
                }
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadMessage(ref reader, chunk);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("done"u8))
            {
                Next(ref reader);
                chunk.Done = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("done_reason"u8))
            {
                Next(ref reader);
                chunk.DoneReason = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("prompt_eval_count"u8))
            {
                Next(ref reader);
                chunk.PromptEvalCount = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("eval_count"u8))
            {
                Next(ref reader);
                chunk.EvalCount = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                Next(ref reader);
                chunk.Error = reader.TokenType == JsonTokenType.String
                    ? new ProviderErrorDetails(reader.GetString() ?? string.Empty)
                    : OllamaErrorParser.FromElement(JsonElement.ParseValue(ref reader));
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }

        // One line holds one object: anything after it (a stray brace, a second object) means a corrupt line.
        if (reader.Read())
        {
            throw new JsonException("Unexpected data after the JSON object.");
        }
    }

    private static void ReadMessage(ref Utf8JsonReader reader, OllamaChunk chunk)
    {
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                Next(ref reader);
                chunk.Content = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("thinking"u8))
            {
                Next(ref reader);
                chunk.Thinking = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (Next(ref reader) != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            ReadToolCall(ref reader, chunk);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }
    }

    private static void ReadToolCall(ref Utf8JsonReader reader, OllamaChunk chunk)
    {
        string? id = null;
        string? name = null;
        IDictionary<string, object?>? arguments = null;
        Exception? argumentsError = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                Next(ref reader);
                id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("function"u8))
            {
                Next(ref reader);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (Next(ref reader) == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("name"u8))
                    {
                        Next(ref reader);
                        name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else if (reader.ValueTextEquals("arguments"u8))
                    {
                        Next(ref reader);
                        (arguments, argumentsError) = ReadArguments(ref reader);
                    }
                    else
                    {
                        Next(ref reader);
                        reader.Skip();
                    }
                }
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            throw new JsonException("A tool call has no function name.");
        }

        chunk.ToolCalls.Add(new OllamaToolCall(id, name, arguments ?? new Dictionary<string, object?>(), argumentsError));
    }

    /// <summary>Ollama sends arguments as an object; a string holding JSON (the OpenAI habit) is accepted too.</summary>
    private static (IDictionary<string, object?>? Arguments, Exception? Error) ReadArguments(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
                while (Next(ref reader) == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    Next(ref reader);
                    arguments[key] = JsonElement.ParseValue(ref reader);
                }

                return (arguments, null);
            case JsonTokenType.String:
                var text = reader.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    return (null, null);
                }

                try
                {
                    using var document = JsonDocument.Parse(text);
                    if (document.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        var parsed = new Dictionary<string, object?>(StringComparer.Ordinal);
                        foreach (var property in document.RootElement.EnumerateObject())
                        {
                            parsed[property.Name] = property.Value.Clone();
                        }

                        return (parsed, null);
                    }
                }
                catch (JsonException ex)
                {
                    return (null, new InvalidOperationException($"The tool call arguments are not valid JSON: {ex.Message}", ex));
                }

                return (null, new InvalidOperationException("The tool call arguments are not a JSON object."));
            case JsonTokenType.Null:
                return (null, null);
            default:
                reader.Skip();
                return (null, new InvalidOperationException("The tool call arguments are not a JSON object."));
        }
    }

    private static long? ReadCount(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : null;

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The JSON object ended early.");
        }

        return reader.TokenType;
    }
}
