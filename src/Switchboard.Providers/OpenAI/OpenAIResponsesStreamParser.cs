using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Item = (string? Type, string? Id, string? CallId, string? Name, string? Arguments, string? EncryptedContent);
using PendingCall = (string CallId, string Name, System.Text.StringBuilder Arguments, bool Emitted);
using ResponseState = (string? Status, Microsoft.Extensions.AI.UsageDetails? Usage, string? ErrorCode, string? ErrorMessage, string? IncompleteReason);

namespace Switchboard.Providers.OpenAI;

/// <summary>
/// Turns the events of one Responses API stream (https://platform.openai.com/docs/api-reference/responses-streaming)
/// into updates: text deltas, reasoning summary and reasoning text deltas, encrypted reasoning (as
/// <see cref="TextReasoningContent.ProtectedData"/>), function calls once their arguments are done, refusals, usage
/// and the finish from <c>response.completed</c> / <c>response.incomplete</c>. <c>response.failed</c> and
/// <c>error</c> events throw. Unlike Chat Completions there is no <c>[DONE]</c>: the stream ends with one of the
/// three terminal response events.
/// </summary>
internal sealed class OpenAIResponsesStreamParser(string provider)
{
    /// <summary>The event types acted on, most frequent first (https://platform.openai.com/docs/api-reference/responses-streaming).</summary>
    private static readonly (byte[] Name, OpenAIResponsesEventKind Kind)[] EventNames =
    [
        ("response.output_text.delta"u8.ToArray(), OpenAIResponsesEventKind.OutputTextDelta),
        ("response.function_call_arguments.delta"u8.ToArray(), OpenAIResponsesEventKind.FunctionArgumentsDelta),
        ("response.reasoning_summary_text.delta"u8.ToArray(), OpenAIResponsesEventKind.ReasoningDelta),
        ("response.reasoning_text.delta"u8.ToArray(), OpenAIResponsesEventKind.ReasoningDelta),
        ("response.function_call_arguments.done"u8.ToArray(), OpenAIResponsesEventKind.FunctionArgumentsDone),
        ("response.output_item.added"u8.ToArray(), OpenAIResponsesEventKind.OutputItemAdded),
        ("response.output_item.done"u8.ToArray(), OpenAIResponsesEventKind.OutputItemDone),
        ("response.refusal.delta"u8.ToArray(), OpenAIResponsesEventKind.RefusalDelta),
        ("response.refusal.done"u8.ToArray(), OpenAIResponsesEventKind.RefusalDone),
        ("response.completed"u8.ToArray(), OpenAIResponsesEventKind.Completed),
        ("response.incomplete"u8.ToArray(), OpenAIResponsesEventKind.Incomplete),
        ("response.failed"u8.ToArray(), OpenAIResponsesEventKind.Failed),
        ("error"u8.ToArray(), OpenAIResponsesEventKind.Error),
    ];

    private readonly CachedUtf8String _responseId = new();
    private readonly CachedUtf8String _model = new();
    private readonly CachedUtf8String _itemId = new();
    private readonly Dictionary<string, PendingCall> _calls = new(StringComparer.Ordinal);
    private StringBuilder? _refusal;
    private DateTimeOffset? _created;
    private bool _sawFunctionCall;

    /// <summary>Whether a terminal event (<c>response.completed</c> or <c>response.incomplete</c>) arrived.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>Parses one event's data; null for events that carry nothing a caller sees.</summary>
    public ChatResponseUpdate? Parse(string eventType, ReadOnlySpan<byte> data)
    {
        data = data.Trim(" \t\r\n"u8);
        if (data.IsEmpty || data.SequenceEqual("[DONE]"u8))
        {
            return null;
        }

        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A Responses stream event is {reader.TokenType}, not a JSON object.");
        }

        var kind = KindOf(eventType);
        string? delta = null, arguments = null, message = null, code = null, refusal = null;
        string? itemId = null;
        Item item = default;
        ResponseState state = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                kind = KindOf(ref reader);
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                delta = reader.TokenType == JsonTokenType.String ? reader.GetString() : Skip(ref reader);
            }
            else if (reader.ValueTextEquals("item_id"u8))
            {
                reader.Read();
                itemId = _itemId.Read(ref reader);
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                arguments = reader.TokenType == JsonTokenType.String ? reader.GetString() : Skip(ref reader);
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                reader.Read();
                refusal = reader.TokenType == JsonTokenType.String ? reader.GetString() : Skip(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                message = reader.TokenType == JsonTokenType.String ? reader.GetString() : Skip(ref reader);
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code = reader.TokenType == JsonTokenType.String ? reader.GetString() : Skip(ref reader);
            }
            else if (reader.ValueTextEquals("item"u8))
            {
                reader.Read();
                item = ReadItem(ref reader);
            }
            else if (reader.ValueTextEquals("response"u8))
            {
                reader.Read();
                state = ReadResponse(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        switch (kind)
        {
            case OpenAIResponsesEventKind.OutputTextDelta when !string.IsNullOrEmpty(delta):
                return CreateUpdate(new TextContent(delta), itemId);

            case OpenAIResponsesEventKind.ReasoningDelta when !string.IsNullOrEmpty(delta):
                return CreateUpdate(new TextReasoningContent(delta), itemId);

            case OpenAIResponsesEventKind.RefusalDelta when delta is not null:
                (_refusal ??= new StringBuilder()).Append(delta);
                return null;

            case OpenAIResponsesEventKind.RefusalDone:
                var text = refusal ?? _refusal?.ToString();
                _refusal = null;
                return text is null ? null : CreateUpdate(new ErrorContent(text) { ErrorCode = OpenAIPropertyNames.RefusalErrorCode }, itemId);

            case OpenAIResponsesEventKind.OutputItemAdded when item.Type == "function_call" && item.Id is not null:
                _calls[item.Id] = (item.CallId ?? item.Id, item.Name ?? string.Empty, new StringBuilder(), false);
                return null;

            case OpenAIResponsesEventKind.FunctionArgumentsDelta when itemId is not null && delta is not null && _calls.TryGetValue(itemId, out var pending):
                pending.Arguments.Append(delta);
                return null;

            case OpenAIResponsesEventKind.FunctionArgumentsDone when itemId is not null:
                return EmitCall(itemId, arguments, item);

            case OpenAIResponsesEventKind.OutputItemDone when item.Type == "function_call" && item.Id is not null:
                return EmitCall(item.Id, item.Arguments, item);

            case OpenAIResponsesEventKind.OutputItemDone when item.Type == "reasoning" && item.EncryptedContent is not null:
                // The encrypted reasoning goes back verbatim on the next turn (include: ["reasoning.encrypted_content"]).
                return CreateUpdate(new TextReasoningContent(string.Empty) { ProtectedData = item.EncryptedContent }, item.Id);

            case OpenAIResponsesEventKind.Completed:
                IsCompleted = true;
                return CreateFinish(state, _sawFunctionCall ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop, state.Status ?? "completed");

            case OpenAIResponsesEventKind.Incomplete:
                IsCompleted = true;
                return CreateFinish(state, OpenAIFinishReason.MapIncomplete(state.IncompleteReason), state.IncompleteReason ?? "incomplete");

            case OpenAIResponsesEventKind.Failed:
                throw OpenAIErrorParser.StreamError(provider, state.ErrorMessage, null, state.ErrorCode, Encoding.UTF8.GetString(data));

            case OpenAIResponsesEventKind.Error:
                throw OpenAIErrorParser.StreamError(provider, message, null, code, Encoding.UTF8.GetString(data));

            default:
                return null;
        }
    }

    private ChatResponseUpdate? EmitCall(string itemId, string? arguments, Item item)
    {
        if (!_calls.TryGetValue(itemId, out var pending))
        {
            pending = (item.CallId ?? itemId, item.Name ?? string.Empty, new StringBuilder(), false);
        }
        else if (pending.Emitted)
        {
            return null;
        }

        _calls[itemId] = pending with { Emitted = true };
        _sawFunctionCall = true;
        var text = arguments ?? pending.Arguments.ToString();
        return CreateUpdate(OpenAIFunctionArguments.CreateCall(pending.CallId, item.Name ?? pending.Name, Encoding.UTF8.GetBytes(text)), itemId);
    }

    private ChatResponseUpdate CreateUpdate(AIContent content, string? itemId) => new(ChatRole.Assistant, [content])
    {
        ResponseId = _responseId.Value,
        MessageId = itemId,
        ModelId = _model.Value,
        CreatedAt = _created,
    };

    private ChatResponseUpdate CreateFinish(ResponseState state, ChatFinishReason reason, string raw)
    {
        var update = new ChatResponseUpdate(ChatRole.Assistant, state.Usage is { } usage ? [new UsageContent(usage)] : null)
        {
            ResponseId = _responseId.Value,
            ModelId = _model.Value,
            CreatedAt = _created,
            FinishReason = reason,
            AdditionalProperties = new() { [SwitchboardProperties.ProviderFinishReason] = raw },
        };
        return update;
    }

    private static OpenAIResponsesEventKind KindOf(string eventType) => eventType switch
    {
        "response.completed" => OpenAIResponsesEventKind.Completed,
        "response.incomplete" => OpenAIResponsesEventKind.Incomplete,
        "response.failed" => OpenAIResponsesEventKind.Failed,
        "error" => OpenAIResponsesEventKind.Error,
        _ => OpenAIResponsesEventKind.Other,
    };

    /// <summary>The data's <c>type</c> field names the event even when the SSE event line is missing.</summary>
    private static OpenAIResponsesEventKind KindOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return OpenAIResponsesEventKind.Other;
        }

        foreach (var (name, kind) in EventNames)
        {
            if (reader.ValueTextEquals(name))
            {
                return kind;
            }
        }

        return OpenAIResponsesEventKind.Other;
    }

    private static Item ReadItem(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }

        var item = default(Item);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                item.Type = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                item.Id = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("call_id"u8))
            {
                item.CallId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                item.Name = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                item.Arguments = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("encrypted_content"u8))
            {
                item.EncryptedContent = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return item;
    }

    private ResponseState ReadResponse(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }

        var state = default(ResponseState);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                _responseId.Read(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                _model.Read(ref reader);
            }
            else if (reader.ValueTextEquals("created_at"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number)
                {
                    _created = DateTimeOffset.FromUnixTimeMilliseconds((long)(reader.GetDouble() * 1000));
                }
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                state.Status = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    state.Usage = OpenAIUsageReader.Read(ref reader);
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                ReadNamedStrings(ref reader, "code"u8, out state.ErrorCode, "message"u8, out state.ErrorMessage);
            }
            else if (reader.ValueTextEquals("incomplete_details"u8))
            {
                reader.Read();
                ReadNamedStrings(ref reader, "reason"u8, out state.IncompleteReason, "reason"u8, out _);
            }
            else
            {
                reader.Skip();
            }
        }

        return state;
    }

    private static void ReadNamedStrings(ref Utf8JsonReader reader, ReadOnlySpan<byte> first, out string? firstValue, ReadOnlySpan<byte> second, out string? secondValue)
    {
        firstValue = secondValue = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(first))
            {
                firstValue = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(second))
            {
                secondValue = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>Reads the value after the current property name; non-strings read as null.</summary>
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetString() : Skip(ref reader);
    }

    private static string? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}
