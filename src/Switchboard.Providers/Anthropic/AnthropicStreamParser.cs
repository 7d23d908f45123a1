using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Anthropic;

/// <summary>
/// Turns the events of one Messages API stream into updates, one event at a time, reading each event's UTF-8 data
/// in place. Event flow and payloads: https://platform.claude.com/docs/en/build-with-claude/streaming
/// (<c>message_start</c>, then per content block <c>content_block_start</c> / <c>content_block_delta</c>* /
/// <c>content_block_stop</c>, then <c>message_delta</c>, <c>message_stop</c>; <c>ping</c> and <c>error</c> may come at any time).
/// One instance per stream: it keeps the message id, the tool input being assembled and the usage seen so far.
/// </summary>
internal sealed class AnthropicStreamParser : IProviderStreamParser
{
    private readonly string _provider;
    private readonly DateTimeOffset _createdAt;
    private readonly List<AnthropicStreamBlock?> _blocks = [];

    /// <summary>Reused for each <c>partial_json</c> fragment, so collecting tool input allocates nothing per event.</summary>
    private readonly ArrayBufferWriter<byte> _fragment = new(256);

    private string? _messageId;
    private string? _model;
    private AnthropicUsage _usage;
    private AnthropicUsage _reportedUsage;
    private bool _usageReported;

    public AnthropicStreamParser(string provider, DateTimeOffset createdAt)
    {
        _provider = provider;
        _createdAt = createdAt;
    }

    /// <summary>Whether <c>message_stop</c>, the stream's terminal event, has arrived.</summary>
    public bool IsComplete { get; private set; }

    /// <inheritdoc />
    public StreamFraming Framing => StreamFraming.ServerSentEvents;

    /// <inheritdoc />
    public string TerminalEvent => "message_stop";

    /// <inheritdoc />
    public bool EndedCleanly => IsComplete;

    /// <summary>Parses one event; returns the update it carries, or null for events that carry nothing for the caller.</summary>
    /// <exception cref="JsonException">The data is not valid JSON.</exception>
    /// <exception cref="ProviderException">The event is an <c>error</c> event.</exception>
    public ChatResponseUpdate? Parse(string eventType, ReadOnlySpan<byte> data)
    {
        if (IsComplete)
        {
            return null;
        }

        return eventType switch
        {
            "content_block_delta" => ParseContentBlockDelta(data),
            "ping" => null,
            "content_block_start" => ParseContentBlockStart(data),
            "content_block_stop" => ParseContentBlockStop(data),
            "message_start" => ParseMessageStart(data),
            "message_delta" => ParseMessageDelta(data),
            "message_stop" => Complete(),
            "error" => throw AnthropicErrorParser.InBandError(_provider, data),

            // Every Anthropic event has an event: line naming it; without one (type "message"), the data's own type decides.
            "message" => ReadType(data) is { } type and not "message" ? Parse(type, data) : null,

            // New event types may be added; they are ignored (https://platform.claude.com/docs/en/api/versioning).
            _ => null,
        };
    }

    private ChatResponseUpdate? Complete()
    {
        IsComplete = true;
        return null;
    }

    private ChatResponseUpdate? ParseMessageStart(ReadOnlySpan<byte> data)
    {
        var reader = Start(data);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("id"u8))
                    {
                        reader.Read();
                        _messageId = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("model"u8))
                    {
                        reader.Read();
                        _model = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("usage"u8))
                    {
                        reader.Read();
                        _usage.Read(ref reader);
                    }
                    else
                    {
                        SkipValue(ref reader);
                    }
                }
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        // The id and model ride on every later update. The input counts are final here: reported at once, so a stream
        // cut before message_delta still has the provider's own input count (its output_tokens is a placeholder, left
        // for message_delta to report).
        if (!_usage.HasAny)
        {
            return null;
        }

        var inputOnly = _usage;
        inputOnly.OutputTokens = null;
        _reportedUsage = inputOnly;
        _usageReported = true;
        return inputOnly.ToDetails() is { } usage ? NewUpdate(new UsageContent(usage)) : null;
    }

    private ChatResponseUpdate? ParseContentBlockStart(ReadOnlySpan<byte> data)
    {
        var reader = Start(data);
        var index = -1;
        var kind = AnthropicBlockKind.Other;
        string? blockType = null;
        string? id = null;
        string? name = null;
        string? text = null;
        string? signature = null;
        string? redactedData = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("content_block"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        blockType = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("id"u8))
                    {
                        reader.Read();
                        id = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("name"u8))
                    {
                        reader.Read();
                        name = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("thinking"u8))
                    {
                        reader.Read();
                        text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else if (reader.ValueTextEquals("signature"u8))
                    {
                        reader.Read();
                        signature = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else if (reader.ValueTextEquals("data"u8))
                    {
                        reader.Read();
                        redactedData = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else
                    {
                        // tool_use starts with "input": {} and receives its input as input_json_delta events.
                        SkipValue(ref reader);
                    }
                }
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        if (index < 0)
        {
            throw new JsonException("content_block_start without an index.");
        }

        AIContent? content = null;
        switch (blockType)
        {
            case "text":
                kind = AnthropicBlockKind.Text;
                content = string.IsNullOrEmpty(text) ? null : new TextContent(text);
                break;
            case "thinking":
                kind = AnthropicBlockKind.Thinking;
                content = string.IsNullOrEmpty(text) && string.IsNullOrEmpty(signature)
                    ? null
                    : new TextReasoningContent(text ?? string.Empty) { ProtectedData = string.IsNullOrEmpty(signature) ? null : signature };
                break;
            case "redacted_thinking":
                // Arrives whole in content_block_start, with no deltas; its data must go back unchanged on later turns.
                content = RedactedThinking(redactedData ?? string.Empty);
                break;
            case "tool_use":
                kind = AnthropicBlockKind.ToolUse;
                break;
        }

        SetBlock(index, new AnthropicStreamBlock(kind, id, name));
        return content is null ? null : NewUpdate(content);
    }

    private ChatResponseUpdate? ParseContentBlockDelta(ReadOnlySpan<byte> data)
    {
        var reader = Start(data);
        var index = -1;
        var kind = AnthropicDeltaKind.Other;
        string? text = null;
        _fragment.ResetWrittenCount();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        kind = reader.ValueTextEquals("text_delta"u8) ? AnthropicDeltaKind.Text
                            : reader.ValueTextEquals("input_json_delta"u8) ? AnthropicDeltaKind.InputJson
                            : reader.ValueTextEquals("thinking_delta"u8) ? AnthropicDeltaKind.Thinking
                            : reader.ValueTextEquals("signature_delta"u8) ? AnthropicDeltaKind.Signature
                            : AnthropicDeltaKind.Other;
                    }
                    else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("thinking"u8) || reader.ValueTextEquals("signature"u8))
                    {
                        reader.Read();
                        text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else if (reader.ValueTextEquals("partial_json"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            // Unescaped bytes never exceed the escaped length.
                            var written = reader.CopyString(_fragment.GetSpan(reader.ValueSpan.Length));
                            _fragment.Advance(written);
                        }
                    }
                    else
                    {
                        // citations_delta and future delta types carry nothing this client maps.
                        SkipValue(ref reader);
                    }
                }
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        switch (kind)
        {
            case AnthropicDeltaKind.Text when !string.IsNullOrEmpty(text):
                return NewUpdate(new TextContent(text));
            case AnthropicDeltaKind.Thinking when !string.IsNullOrEmpty(text):
                return NewUpdate(new TextReasoningContent(text));
            case AnthropicDeltaKind.Signature when !string.IsNullOrEmpty(text):
                // The signature comes just before content_block_stop; as an empty reasoning item it coalesces onto
                // the thinking text before it (ChatResponse building merges reasoning into the item that carries ProtectedData).
                return NewUpdate(new TextReasoningContent(string.Empty) { ProtectedData = text });
            case AnthropicDeltaKind.InputJson:
                var block = GetBlock(index);
                if (block?.Kind == AnthropicBlockKind.ToolUse)
                {
                    (block.Input ??= new ArrayBufferWriter<byte>(256)).Write(_fragment.WrittenSpan);
                }

                return null;
            default:
                return null;
        }
    }

    private ChatResponseUpdate? ParseContentBlockStop(ReadOnlySpan<byte> data)
    {
        var reader = Start(data);
        var index = -1;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = reader.GetInt32();
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        var block = GetBlock(index);
        if (block?.Kind != AnthropicBlockKind.ToolUse)
        {
            return null;
        }

        _blocks[index] = null;

        // The input is complete only now; an empty string means no arguments. A malformed input is reported on the
        // call itself (FunctionCallContent.Exception), as Microsoft.Extensions.AI clients do, not as a broken stream.
        var input = block.Input?.WrittenMemory ?? ReadOnlyMemory<byte>.Empty;
        var call = FunctionCallContent.CreateFromParsedArguments(
            input,
            block.Id ?? $"toolu_{_messageId}_{index}",
            block.Name ?? string.Empty,
            static json => AnthropicJsonValues.ParseArguments(json));
        return NewUpdate(call);
    }

    private ChatResponseUpdate? ParseMessageDelta(ReadOnlySpan<byte> data)
    {
        var reader = Start(data);
        string? stopReason = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("stop_reason"u8))
                    {
                        reader.Read();
                        stopReason = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else
                    {
                        SkipValue(ref reader);
                    }
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                _usage.Read(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        // Usage here is cumulative and more than one message_delta may come: report only what is new, so the sum of
        // all UsageContent in the stream (what ToChatResponse computes) equals the final counts.
        UsageDetails? usage = null;
        if (_usage.HasAny)
        {
            usage = _usage.ToDetails(_usageReported ? _reportedUsage : default);
            _reportedUsage = _usage;
            _usageReported = true;
        }

        if (stopReason is null && usage is null)
        {
            return null;
        }

        var update = usage is null ? NewUpdate() : NewUpdate(new UsageContent(usage));
        if (stopReason is not null)
        {
            update.FinishReason = AnthropicFinishReason.Map(stopReason);
            update.AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [SwitchboardProperties.ProviderFinishReason] = stopReason,
            };
        }

        return update;
    }

    private ChatResponseUpdate NewUpdate(AIContent? content = null) => new()
    {
        Role = ChatRole.Assistant,
        ResponseId = _messageId,
        MessageId = _messageId,
        ModelId = _model,
        CreatedAt = _createdAt,
        Contents = content is null ? [] : [content],
    };

    internal static TextReasoningContent RedactedThinking(string data) => new(string.Empty)
    {
        ProtectedData = data,
        AdditionalProperties = new AdditionalPropertiesDictionary { [AnthropicContentProperties.RedactedThinking] = true },
    };

    private void SetBlock(int index, AnthropicStreamBlock block)
    {
        while (_blocks.Count <= index)
        {
            _blocks.Add(null);
        }

        _blocks[index] = block;
    }

    private AnthropicStreamBlock? GetBlock(int index) => index >= 0 && index < _blocks.Count ? _blocks[index] : null;

    private static string? ReadType(ReadOnlySpan<byte> data)
    {
        var reader = Start(data);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }

            SkipValue(ref reader);
        }

        return null;
    }

    private static Utf8JsonReader Start(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("An Anthropic stream event's data must be a JSON object.");
        }

        return reader;
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The event data ended inside a JSON object.");
        }

        return reader.TokenType == JsonTokenType.PropertyName;
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }
}
