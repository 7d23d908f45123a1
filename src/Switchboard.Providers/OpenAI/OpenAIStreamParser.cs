using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.OpenAI;

/// <summary>
/// Turns the <c>data:</c> payloads of one Chat Completions stream into updates, one per chunk that carries something
/// (https://platform.openai.com/docs/api-reference/chat-streaming). One instance per stream: it keeps the tool calls
/// being assembled and the refusal text until the chunk with <c>finish_reason</c>.
/// Each chunk is read with a <see cref="Utf8JsonReader"/> over the SSE parser's buffer; the id and model, repeated
/// in every chunk, become strings once per stream.
/// </summary>
internal sealed class OpenAIStreamParser(string provider) : IProviderStreamParser
{
    private readonly CachedUtf8String _id = new();
    private readonly CachedUtf8String _model = new();
    private readonly List<OpenAIToolCallBuilder> _toolCalls = [];
    private StringBuilder? _refusal;
    private long _createdSeconds = long.MinValue;
    private DateTimeOffset? _created;
    private string? _finishReason;

    /// <summary>Whether <c>data: [DONE]</c> arrived; nothing after it is read.</summary>
    public bool IsDone { get; private set; }

    /// <summary>Whether a choice ended with a <c>finish_reason</c>.</summary>
    public bool SawFinishReason => _finishReason is not null;

    /// <inheritdoc />
    public StreamFraming Framing => StreamFraming.ServerSentEvents;

    /// <inheritdoc />
    public string TerminalEvent => "data: [DONE]";

    /// <inheritdoc />
    public bool IsComplete => IsDone;

    /// <summary>A few compatible servers omit [DONE]; the stream is whole if its choice at least finished.</summary>
    public bool EndedCleanly => IsDone || SawFinishReason;

    /// <summary>Parses one event's data. Returns null for events that carry nothing (role-only deltas, pings, [DONE]).</summary>
    /// <exception cref="JsonException">The data is not a chunk in the documented format.</exception>
    /// <exception cref="ProviderException">The chunk is an error object.</exception>
    public ChatResponseUpdate? Parse(string eventType, ReadOnlySpan<byte> data)
    {
        data = data.Trim(" \t\r\n"u8);
        if (data.IsEmpty)
        {
            return null;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            IsDone = true;

            // A server that ends without a finish_reason still gets its finished tool calls delivered.
            return _toolCalls.Count > 0 || _refusal is not null ? CreateUpdate(FlushPending(null), null) : null;
        }

        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A stream chunk is {reader.TokenType}, not a JSON object.");
        }

        List<AIContent>? contents = null;
        string? finishReason = null;
        UsageDetails? usage = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                ReadChoices(ref reader, ref contents, ref finishReason);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                _id.Read(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                _model.Read(ref reader);
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                reader.Read();
                ReadCreated(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                // Present as null in every chunk but the last one when include_usage is set.
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    usage = OpenAIUsageReader.Read(ref reader);
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                // An error object in place of a chunk: the stream has failed. The openai SDKs raise on it
                // (openai-python _streaming.py, _raise_streaming_error), whatever the SSE event name.
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    throw OpenAIErrorParser.ReadStreamError(ref reader, provider, data);
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (finishReason is not null)
        {
            _finishReason = finishReason;
            contents = FlushPending(contents);
        }

        if (usage is not null)
        {
            (contents ??= []).Add(new UsageContent(usage));

            // The usage chunk (choices: []) comes after the finish_reason chunk; it is the last update, so it
            // carries the finish reason too and a consumer that looks only at the last update still sees it.
            finishReason ??= _finishReason;
        }

        return contents is null && finishReason is null ? null : CreateUpdate(contents, finishReason);
    }

    private ChatResponseUpdate CreateUpdate(List<AIContent>? contents, string? finishReason)
    {
        var update = new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = _id.Value,
            MessageId = _id.Value,
            ModelId = _model.Value,
            CreatedAt = _created,
        };
        if (finishReason is not null)
        {
            update.FinishReason = OpenAIFinishReason.Map(finishReason);
            update.AdditionalProperties = new() { [SwitchboardProperties.ProviderFinishReason] = finishReason };
        }

        return update;
    }

    private void ReadCreated(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var seconds))
        {
            reader.Skip();
            return;
        }

        if (seconds != _createdSeconds)
        {
            _createdSeconds = seconds;
            _created = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
    }

    /// <summary>
    /// Reads the choices array. Only one choice is ever requested (this client never sends <c>n</c>), so every
    /// choice is treated as part of the one assistant message.
    /// </summary>
    private void ReadChoices(ref Utf8JsonReader reader, ref List<AIContent>? contents, ref string? finishReason)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"choices is {reader.TokenType}, not an array.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"A choice is {reader.TokenType}, not an object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    ReadDelta(ref reader, ref contents);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        finishReason = OpenAIFinishReason.Read(ref reader);
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    private void ReadDelta(ref Utf8JsonReader reader, ref List<AIContent>? contents)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"delta is {reader.TokenType}, not an object.");
        }

        string? text = null;
        string? reasoningContent = null;
        string? reasoning = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                text = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ReadToolCalls(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                // DeepSeek and vLLM: https://api-docs.deepseek.com/guides/reasoning_model
                reader.Read();
                reasoningContent = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning"u8))
            {
                // OpenRouter and newer vLLM: https://openrouter.ai/docs/use-cases/reasoning-tokens
                reader.Read();
                reasoning = reader.TokenType == JsonTokenType.String ? ReadOptionalString(ref reader) : SkipValue(ref reader);
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                // A refusal is not answer text: it is collected and delivered as an ErrorContent at the end.
                reader.Read();
                if (ReadOptionalString(ref reader) is { } refusal)
                {
                    (_refusal ??= new StringBuilder()).Append(refusal);
                }
            }
            else if (reader.ValueTextEquals("function_call"u8))
            {
                // Deprecated single-function form (https://platform.openai.com/docs/api-reference/chat-streaming):
                // no id and no index, so it is kept as one call of its own.
                reader.Read();
                ReadFunction(ref reader, GetToolCall(index: -1, id: null));
            }
            else
            {
                reader.Skip();
            }
        }

        // Some servers repeat the same text under both names; one of them is enough.
        if ((reasoningContent ?? reasoning) is { } thinking)
        {
            (contents ??= []).Add(new TextReasoningContent(thinking)
            {
                AdditionalProperties = new()
                {
                    [OpenAIPropertyNames.ReasoningField] = reasoningContent is not null ? OpenAIPropertyNames.ReasoningContent : OpenAIPropertyNames.Reasoning,
                },
            });
        }

        if (text is not null)
        {
            (contents ??= []).Add(new TextContent(text));
        }
    }

    private void ReadToolCalls(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"tool_calls is {reader.TokenType}, not an array.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"A tool call delta is {reader.TokenType}, not an object.");
            }

            int? index = null;
            string? id = null;
            OpenAIToolCallBuilder? call = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    index = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : null;
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = ReadOptionalString(ref reader);
                    if (call is not null && id is not null)
                    {
                        call.Id ??= id;
                    }
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    // OpenAI sends index and id before function; the call is looked up on first need.
                    reader.Read();
                    call ??= GetToolCall(index, id);
                    ReadFunction(ref reader, call);
                }
                else
                {
                    reader.Skip();
                }
            }

            call ??= GetToolCall(index, id);
        }
    }

    private static void ReadFunction(ref Utf8JsonReader reader, OpenAIToolCallBuilder call)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"function is {reader.TokenType}, not an object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                if (call.Name is null && ReadOptionalString(ref reader) is { Length: > 0 } name)
                {
                    call.Name = name;
                }
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                call.AppendArguments(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>
    /// Finds the call a delta belongs to: by <c>index</c> (parallel calls interleave by index), unless the delta
    /// names a different id than the call at that index has, which some compatible servers do when they send every
    /// call whole with the same index or none.
    /// </summary>
    private OpenAIToolCallBuilder GetToolCall(int? index, string? id)
    {
        for (var i = _toolCalls.Count - 1; i >= 0; i--)
        {
            var call = _toolCalls[i];
            var sameIndex = index is null || call.Index == index;
            var sameId = id is null || call.Id is null || call.Id == id;
            if (sameIndex && sameId && (index is not null || id is null || call.Id == id))
            {
                if (id is not null)
                {
                    call.Id ??= id;
                }

                return call;
            }
        }

        var created = new OpenAIToolCallBuilder(index) { Id = id };
        _toolCalls.Add(created);
        return created;
    }

    /// <summary>Moves finished tool calls and the refusal into <paramref name="contents"/>, in the order the calls began.</summary>
    private List<AIContent>? FlushPending(List<AIContent>? contents)
    {
        for (var i = 0; i < _toolCalls.Count; i++)
        {
            // A server that sends no id still needs one the tool result can refer to; it is derived from the
            // response id so that it stays the same if the stream is read again.
            var fallbackId = $"call_{_id.Value ?? "openai"}_{i}";
            (contents ??= []).Add(_toolCalls[i].Build(fallbackId));
        }

        _toolCalls.Clear();
        if (_refusal is not null)
        {
            (contents ??= []).Add(new ErrorContent(_refusal.ToString()) { ErrorCode = OpenAIPropertyNames.RefusalErrorCode });
            _refusal = null;
        }

        return contents;
    }

    private static string? ReadOptionalString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.ValueSpan.IsEmpty ? null : reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Expected a string, found {reader.TokenType}."),
    };

    private static string? SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}
