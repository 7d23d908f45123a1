using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Gemini;

/// <summary>
/// Turns one <c>GenerateContentResponse</c> (a stream chunk, or the whole non-streaming body) into a
/// <see cref="ChatResponseUpdate"/> straight from its UTF-8 bytes with a <see cref="Utf8JsonReader"/>. One instance per
/// response: it remembers what the stream said so far (ids, whether a function was called, the usage already reported,
/// whether a finish reason arrived). Format: https://ai.google.dev/api/generate-content#generatecontentresponse
/// </summary>
/// <remarks>
/// Every streamed chunk is a complete response object, and a <c>functionCall</c> part always arrives whole: the
/// Gemini API does not stream partial arguments (<c>partialArgs</c>/<c>willContinue</c> are documented as "not supported
/// in Gemini API"), so each call becomes one <see cref="FunctionCallContent"/> as soon as its chunk is parsed.
/// </remarks>
internal sealed class GeminiChunkParser : IProviderStreamParser
{
    /// <summary>Prefix of the call ids made up when Gemini sends none; such ids are never sent back to Gemini.</summary>
    public const string GeneratedCallIdPrefix = "gemini-call-";

    /// <summary>Key in <see cref="ChatResponseUpdate.AdditionalProperties"/> for Gemini's <c>finishMessage</c>.</summary>
    public const string FinishMessageKey = "finish_message";

    private readonly ProviderHttp _http;
    private readonly string _requestedModel;
    private readonly DateTimeOffset _receivedAt;
    private readonly string _callIdStem;
    private string? _responseId;
    private string? _modelVersion;
    private int _generatedCallIds;
    private bool _hasFunctionCalls;
    private GeminiUsage? _latestUsage;
    private GeminiUsage _reportedUsage;
    private bool _usageReported;

    public GeminiChunkParser(ProviderHttp http, string requestedModel, DateTimeOffset receivedAt)
    {
        _http = http;
        _requestedModel = requestedModel;
        _receivedAt = receivedAt;

        // Unique per response, so ids never collide across the turns of a conversation (results are matched by id).
        _callIdStem = string.Create(CultureInfo.InvariantCulture, $"{GeneratedCallIdPrefix}{Random.Shared.NextInt64():x16}-");
    }

    /// <summary>Whether a candidate with a <c>finishReason</c> (or a blocked-prompt feedback) arrived: the stream's terminal condition.</summary>
    public bool Finished { get; private set; }

    /// <inheritdoc />
    public StreamFraming Framing => StreamFraming.ServerSentEvents;

    /// <inheritdoc />
    public string TerminalEvent => "a candidate with a finishReason";

    /// <summary>Gemini has no terminal event: the body ends after the chunk that finished, so it is read to its end.</summary>
    public bool IsComplete => false;

    /// <inheritdoc />
    public bool EndedCleanly => Finished;

    /// <inheritdoc />
    public ChatResponseUpdate? Parse(string eventType, ReadOnlySpan<byte> data) => ParseSseEvent(eventType, data);

    /// <summary>The <see cref="System.Net.ServerSentEvents.SseItemParser{T}"/> for <c>streamGenerateContent?alt=sse</c>.</summary>
    public ChatResponseUpdate? ParseSseEvent(string eventType, ReadOnlySpan<byte> data)
    {
        // Gemini sends unnamed events only; a named one (a proxy's ping) carries nothing for us.
        if (eventType != "message")
        {
            return null;
        }

        data = data.Trim(" \t\r\n"u8);
        return data.IsEmpty || data.SequenceEqual("[DONE]"u8) ? null : Parse(data, wholeResponse: false);
    }

    /// <summary>Parses one response object; null when it carries nothing worth an update.</summary>
    /// <param name="json">The object's bytes.</param>
    /// <param name="wholeResponse">True for a non-streaming body: its usage is reported even without a finish reason.</param>
    /// <exception cref="JsonException">The bytes are not a Gemini response.</exception>
    /// <exception cref="ProviderException">The object is an error (Gemini can send one inside a 200 stream).</exception>
    public ChatResponseUpdate? Parse(ReadOnlySpan<byte> json, bool wholeResponse)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A Gemini response is not a JSON object.");
        }

        List<AIContent>? contents = null;
        string? finishReason = null, finishMessage = null, blockReason = null, blockMessage = null;
        DateTimeOffset? createTime = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("candidates"u8))
            {
                ReadCandidates(ref reader, ref contents, ref finishReason, ref finishMessage);
            }
            else if (reader.ValueTextEquals("usageMetadata"u8))
            {
                _latestUsage = GeminiUsage.Read(ref reader);
            }
            else if (reader.ValueTextEquals("modelVersion"u8))
            {
                reader.Read();
                _modelVersion = ReadCachedString(ref reader, _modelVersion);
            }
            else if (reader.ValueTextEquals("responseId"u8))
            {
                reader.Read();
                _responseId = ReadCachedString(ref reader, _responseId);
            }
            else if (reader.ValueTextEquals("createTime"u8))
            {
                // Vertex AI sends it; the Gemini API does not, and then the time the response arrived stands in.
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var created))
                {
                    createTime = created;
                }
            }
            else if (reader.ValueTextEquals("promptFeedback"u8))
            {
                ReadPromptFeedback(ref reader, ref blockReason, ref blockMessage);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                throw StreamError(json);
            }
            else
            {
                reader.Skip();
            }
        }

        // A blocked prompt gets no candidates at all: https://ai.google.dev/api/generate-content#PromptFeedback
        var finished = finishReason is not null || blockReason is not null;
        if (finishReason is null && blockReason is not null)
        {
            (contents ??= []).Add(new ErrorContent(blockMessage ?? $"The prompt was blocked ({blockReason}).") { ErrorCode = blockReason });
        }

        Finished |= finished;
        if (TakeUsage(report: Finished || wholeResponse) is { } usage)
        {
            (contents ??= []).Add(usage);
        }

        if (contents is null && !finished)
        {
            return null;
        }

        var update = new ChatResponseUpdate(ChatRole.Assistant, contents ?? [])
        {
            ResponseId = _responseId,
            MessageId = _responseId,
            ModelId = _modelVersion ?? _requestedModel,
            CreatedAt = createTime ?? _receivedAt,
        };

        if (finished)
        {
            update.FinishReason = finishReason is not null
                ? GeminiFinishReasons.Normalize(finishReason, _hasFunctionCalls)
                : GeminiFinishReasons.BlockedPrompt;
            update.AdditionalProperties = new() { [SwitchboardProperties.ProviderFinishReason] = finishReason ?? blockReason };
            if (finishMessage is not null)
            {
                update.AdditionalProperties[FinishMessageKey] = finishMessage;
            }
        }

        return update;
    }

    /// <summary>
    /// Gemini repeats running totals in every chunk while consumers sum every <see cref="UsageContent"/>, so usage is
    /// reported once the response finished, and afterwards only what a later chunk adds.
    /// </summary>
    private UsageContent? TakeUsage(bool report)
    {
        if (!report || _latestUsage is not { } latest)
        {
            return null;
        }

        var delta = _usageReported ? latest.Minus(_reportedUsage) : latest;
        if (_usageReported && delta.IsEmpty)
        {
            return null;
        }

        _reportedUsage = latest;
        _usageReported = true;
        return new UsageContent(delta.ToUsageDetails());
    }

    private void ReadCandidates(ref Utf8JsonReader reader, ref List<AIContent>? contents, ref string? finishReason, ref string? finishMessage)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("candidates is not an array.");
        }

        // We never ask for candidateCount > 1, so only the first candidate is read.
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!first || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            first = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("content"u8))
                {
                    ReadContent(ref reader, ref contents);
                }
                else if (reader.ValueTextEquals("finishReason"u8))
                {
                    reader.Read();
                    finishReason = ReadFinishReason(ref reader);
                }
                else if (reader.ValueTextEquals("finishMessage"u8))
                {
                    reader.Read();
                    finishMessage = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else
                {
                    // safetyRatings, citationMetadata, groundingMetadata, avgLogprobs, index, ...
                    reader.Skip();
                }
            }
        }
    }

    private void ReadContent(ref Utf8JsonReader reader, ref List<AIContent>? contents)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("content is not an object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("parts"u8))
            {
                reader.Skip();
                continue;
            }

            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("parts is not an array.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException("A part is not an object.");
                }

                ReadPart(ref reader, ref contents);
            }
        }
    }

    /// <summary>
    /// One <c>Part</c> (https://ai.google.dev/api/caching#Part). Its <c>thoughtSignature</c> must go back to Gemini on the
    /// same part (https://ai.google.dev/gemini-api/docs/thought-signatures): on a thought it is that reasoning content's
    /// <see cref="TextReasoningContent.ProtectedData"/>; on a function call it sits in the call's AdditionalProperties;
    /// on any other part it follows it as an empty <see cref="TextReasoningContent"/> holding only ProtectedData, which
    /// the request writer folds back onto the preceding part.
    /// </summary>
    private void ReadPart(ref Utf8JsonReader reader, ref List<AIContent>? contents)
    {
        string? text = null, signature = null;
        var thought = false;
        FunctionCallContent? call = null;
        AIContent? media = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("thought"u8))
            {
                reader.Read();
                thought = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("thoughtSignature"u8))
            {
                reader.Read();
                signature = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("functionCall"u8))
            {
                call = ReadFunctionCall(ref reader);
            }
            else if (reader.ValueTextEquals("inlineData"u8) || reader.ValueTextEquals("inline_data"u8))
            {
                media = ReadMedia(ref reader, inline: true);
            }
            else if (reader.ValueTextEquals("fileData"u8) || reader.ValueTextEquals("file_data"u8))
            {
                media = ReadMedia(ref reader, inline: false);
            }
            else
            {
                // executableCode, codeExecutionResult, videoMetadata, partMetadata, ...
                reader.Skip();
            }
        }

        if (call is not null)
        {
            _hasFunctionCalls = true;
            if (signature is not null)
            {
                call.AdditionalProperties = new() { [GeminiChatClient.ThoughtSignatureKey] = signature };
            }

            (contents ??= []).Add(call);
            return;
        }

        if (thought)
        {
            if (!string.IsNullOrEmpty(text) || signature is not null)
            {
                (contents ??= []).Add(new TextReasoningContent(text ?? string.Empty) { ProtectedData = signature });
            }

            return;
        }

        if (media is not null)
        {
            (contents ??= []).Add(media);
        }
        else if (!string.IsNullOrEmpty(text))
        {
            (contents ??= []).Add(new TextContent(text));
        }

        if (signature is not null)
        {
            (contents ??= []).Add(new TextReasoningContent(null) { ProtectedData = signature });
        }
    }

    private FunctionCallContent ReadFunctionCall(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("functionCall is not an object.");
        }

        string? name = null, id = null;
        Dictionary<string, object?>? arguments = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = reader.GetString();
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("args"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    // ParseValue copies the object into its own document, so the elements outlive the stream's buffer.
                    var args = JsonElement.ParseValue(ref reader);
                    arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var property in args.EnumerateObject())
                    {
                        arguments[property.Name] = property.Value;
                    }
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    throw new JsonException("functionCall.args is not an object.");
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            throw new JsonException("A functionCall has no name.");
        }

        // Gemini leaves id out unless it wants it echoed in the functionResponse (https://ai.google.dev/api/caching#FunctionCall).
        var callId = string.IsNullOrEmpty(id)
            ? string.Create(CultureInfo.InvariantCulture, $"{_callIdStem}{++_generatedCallIds}")
            : id;
        return new FunctionCallContent(callId, name, arguments ?? []);
    }

    private static AIContent ReadMedia(ref Utf8JsonReader reader, bool inline)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("inlineData/fileData is not an object.");
        }

        string? mimeType = null, value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("mimeType"u8) || reader.ValueTextEquals("mime_type"u8))
            {
                reader.Read();
                mimeType = reader.GetString();
            }
            else if (inline ? reader.ValueTextEquals("data"u8) : reader.ValueTextEquals("fileUri"u8) || reader.ValueTextEquals("file_uri"u8))
            {
                reader.Read();
                value = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        mimeType ??= "application/octet-stream";
        try
        {
            return inline
                ? new DataContent(Convert.FromBase64String(value ?? string.Empty), mimeType)
                : new UriContent(new Uri(value ?? string.Empty, UriKind.Absolute), mimeType);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new JsonException($"An {(inline ? "inlineData" : "fileData")} part is malformed: {ex.Message}", ex);
        }
    }

    private static void ReadPromptFeedback(ref Utf8JsonReader reader, ref string? blockReason, ref string? blockMessage)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("blockReason"u8))
            {
                reader.Read();
                blockReason = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("blockReasonMessage"u8))
            {
                reader.Read();
                blockMessage = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static string? ReadFinishReason(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return null;
        }

        // The common values come back as literals instead of a new string per response.
        return reader.ValueTextEquals("STOP"u8) ? "STOP"
            : reader.ValueTextEquals("MAX_TOKENS"u8) ? "MAX_TOKENS"
            : reader.ValueTextEquals("SAFETY"u8) ? "SAFETY"
            : reader.GetString();
    }

    /// <summary>Every chunk repeats the model version and response id; the string is allocated once per response.</summary>
    private static string? ReadCachedString(ref Utf8JsonReader reader, string? cached)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return cached;
        }

        return cached is not null && reader.ValueTextEquals(cached) ? cached : reader.GetString();
    }

    /// <summary>An error object inside a 200 stream, typed from its own <c>code</c> like an HTTP error would be.</summary>
    private ProviderException StreamError(ReadOnlySpan<byte> json)
    {
        var body = Encoding.UTF8.GetString(json);
        if (GeminiErrorParser.ReadCode(body) is { } code)
        {
            return _http.CreateError((HttpStatusCode)code, body, headers: null);
        }

        var details = GeminiErrorParser.Parse(body);
        var message = string.IsNullOrEmpty(details?.Message) ? "The stream carried an error without a message." : details.Message;
        var kind = ErrorClassifier.ClassifyStreamError(details?.Type, details?.Code, message);
        return new ProviderException(kind, _http.Provider, message, errorType: details?.Type ?? details?.Code, responseBody: body, retryAfter: details?.RetryAfter);
    }
}
