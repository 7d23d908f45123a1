using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Serialization;

namespace Switchboard.Providers.Ollama;

/// <summary>
/// Writes the <c>POST /api/chat</c> body. Fields follow Ollama's API reference
/// (https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion and docs/openapi.yaml):
/// <c>model</c>, <c>messages</c> (role, content, thinking, images, tool_calls, tool_name), <c>stream</c>,
/// <c>tools</c>, <c>format</c>, <c>think</c>, <c>options</c> (sampling parameters) and any caller extras.
/// </summary>
internal static class OllamaRequestWriter
{
    /// <summary>Fields the client owns; an <c>AdditionalProperties</c> entry cannot replace them.</summary>
    private static readonly HashSet<string> ReservedFields = new(StringComparer.Ordinal) { "model", "messages", "stream" };

    private const string OptionsField = "options";

    public static void Write(Utf8JsonWriter writer, OllamaRequest request)
    {
        var options = request.Options;
        var extras = options?.AdditionalProperties;

        writer.WriteStartObject();
        writer.WriteString("model"u8, options?.ModelId ?? request.Model);
        WriteMessages(writer, request);

        // Ollama streams unless told otherwise, so the field is always sent.
        writer.WriteBoolean("stream"u8, request.Stream);

        if (!IsOverridden(extras, "tools"))
        {
            WriteTools(writer, options);
        }

        if (options?.ResponseFormat is ChatResponseFormatJson json && !IsOverridden(extras, "format"))
        {
            // "format": "json" for JSON mode, or the JSON schema itself for structured outputs.
            writer.WritePropertyName("format"u8);
            if (json.Schema is { } schema)
            {
                schema.WriteTo(writer);
            }
            else
            {
                writer.WriteStringValue("json"u8);
            }
        }

        if (ThinkValue(options?.Reasoning) is { } think && !IsOverridden(extras, "think"))
        {
            writer.WritePropertyName("think"u8);
            JsonValueWriter.Write(writer, think);
        }

        WriteOptions(writer, options);

        if (extras is not null)
        {
            foreach (var (key, value) in extras)
            {
                if (ReservedFields.Contains(key) || key == OptionsField)
                {
                    continue;
                }

                writer.WritePropertyName(key);
                JsonValueWriter.Write(writer, value);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteMessages(Utf8JsonWriter writer, OllamaRequest request)
    {
        // Ollama matches a tool result to its call by the function's name (tool_name), which
        // FunctionResultContent does not carry: it is looked up from the assistant turn that made the call.
        var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);

        writer.WriteStartArray("messages"u8);
        if (!string.IsNullOrEmpty(request.Options?.Instructions))
        {
            writer.WriteStartObject();
            writer.WriteString("role"u8, "system"u8);
            writer.WriteString("content"u8, request.Options.Instructions);
            writer.WriteEndObject();
        }

        foreach (var message in request.Messages)
        {
            WriteMessage(writer, message, toolNames, request.Provider);
        }

        writer.WriteEndArray();
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message, Dictionary<string, string> toolNames, string provider)
    {
        StringBuilder? text = null;
        StringBuilder? thinking = null;
        List<DataContent>? images = null;
        List<FunctionCallContent>? calls = null;
        List<FunctionResultContent>? results = null;

        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent t:
                    (text ??= new StringBuilder()).Append(t.Text);
                    break;
                case TextReasoningContent r:
                    // Ollama takes the thinking back on the assistant turn; it has no signatures, so ProtectedData has no field.
                    (thinking ??= new StringBuilder()).Append(r.Text);
                    break;
                case DataContent d:
                    (images ??= []).Add(ToImage(d, provider));
                    break;
                case UriContent u:
                    (images ??= []).Add(ToImage(u, provider));
                    break;
                case FunctionCallContent c:
                    (calls ??= []).Add(c);
                    toolNames[c.CallId] = c.Name;
                    break;
                case FunctionResultContent r:
                    (results ??= []).Add(r);
                    break;
            }
        }

        if (results is not null)
        {
            foreach (var result in results)
            {
                WriteToolResult(writer, result, toolNames);
            }

            if (text is null && thinking is null && images is null && calls is null)
            {
                return;
            }
        }

        writer.WriteStartObject();
        writer.WriteString("role"u8, message.Role.Value);
        writer.WriteString("content"u8, text?.ToString() ?? string.Empty);
        if (thinking is not null)
        {
            writer.WriteString("thinking"u8, thinking.ToString());
        }

        if (images is not null)
        {
            // The REST API takes raw base64 strings, without a data: prefix.
            writer.WriteStartArray("images"u8);
            foreach (var image in images)
            {
                writer.WriteStringValue(image.Base64Data.Span);
            }

            writer.WriteEndArray();
        }

        if (calls is not null)
        {
            writer.WriteStartArray("tool_calls"u8);
            for (var i = 0; i < calls.Count; i++)
            {
                var call = calls[i];
                writer.WriteStartObject();
                writer.WriteString("id"u8, call.CallId);
                writer.WriteString("type"u8, "function"u8);
                writer.WriteStartObject("function"u8);
                writer.WriteNumber("index"u8, i);
                writer.WriteString("name"u8, call.Name);

                // Arguments are a JSON object here, not a JSON-encoded string as in OpenAI's API.
                writer.WriteStartObject("arguments"u8);
                if (call.Arguments is not null)
                {
                    foreach (var (key, value) in call.Arguments)
                    {
                        writer.WritePropertyName(key);
                        JsonValueWriter.Write(writer, value);
                    }
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteToolResult(Utf8JsonWriter writer, FunctionResultContent result, Dictionary<string, string> toolNames)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, "tool"u8);

        // Ollama has no is_error flag: a failed call is reported in the text the model reads.
        var content = result.Result is null && result.Exception is { } exception
            ? $"Error: {exception.Message}"
            : OllamaJsonValue.ToText(result.Result);
        writer.WriteString("content"u8, content);
        if (toolNames.TryGetValue(result.CallId, out var name))
        {
            writer.WriteString("tool_name"u8, name);
        }

        // Recent servers also accept the call id (api.Message.ToolCallID); older ones ignore unknown fields.
        writer.WriteString("tool_call_id"u8, result.CallId);
        writer.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter writer, ChatOptions? options)
    {
        // Ollama has no tool_choice. ToolMode.None is honored by sending no tools; Auto is Ollama's only behavior;
        // RequireAny cannot be enforced; RequireSpecific is approximated by offering only that function.
        // AllowMultipleToolCalls has no field either (the model decides).
        if (options?.Tools is not { Count: > 0 } tools || options.ToolMode is NoneChatToolMode)
        {
            return;
        }

        var only = (options.ToolMode as RequiredChatToolMode)?.RequiredFunctionName;
        if (only is not null && !tools.Any(t => t is AIFunctionDeclaration f && f.Name == only))
        {
            only = null;
        }

        var wroteArray = false;
        foreach (var tool in tools)
        {
            // Hosted tools (web search, code interpreter) have no Ollama equivalent and are not sent.
            if (tool is not AIFunctionDeclaration function || (only is not null && function.Name != only))
            {
                continue;
            }

            if (!wroteArray)
            {
                writer.WriteStartArray("tools"u8);
                wroteArray = true;
            }

            writer.WriteStartObject();
            writer.WriteString("type"u8, "function"u8);
            writer.WriteStartObject("function"u8);
            writer.WriteString("name"u8, function.Name);
            if (!string.IsNullOrEmpty(function.Description))
            {
                writer.WriteString("description"u8, function.Description);
            }

            writer.WritePropertyName("parameters"u8);
            if (function.JsonSchema.ValueKind == JsonValueKind.Object)
            {
                function.JsonSchema.WriteTo(writer);
            }
            else
            {
                writer.WriteRawValue("""{"type":"object","properties":{}}"""u8, skipInputValidation: true);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        if (wroteArray)
        {
            writer.WriteEndArray();
        }
    }

    /// <summary>
    /// Writes <c>options</c>: the sampling parameters Ollama reads at run time (ModelOptions in docs/openapi.yaml:
    /// temperature, top_p, top_k, num_predict, stop, seed, frequency_penalty, presence_penalty). An
    /// <c>AdditionalProperties["options"]</c> object (e.g. <c>num_ctx</c>) is merged in and wins on a clash.
    /// </summary>
    private static void WriteOptions(Utf8JsonWriter writer, ChatOptions? options)
    {
        object? extra = null;
        _ = options?.AdditionalProperties?.TryGetValue(OptionsField, out extra);
        var extraOptions = ExtraOptions(extra);
        bool Has(string key) => extraOptions?.ContainsKey(key) == true;

        var started = false;
        void Start()
        {
            if (!started)
            {
                writer.WriteStartObject(OptionsField);
                started = true;
            }
        }

        if (options?.Temperature is { } temperature && !Has("temperature"))
        {
            Start();
            writer.WriteNumber("temperature"u8, temperature);
        }

        if (options?.MaxOutputTokens is { } maxTokens && !Has("num_predict"))
        {
            Start();
            writer.WriteNumber("num_predict"u8, maxTokens);
        }

        if (options?.TopP is { } topP && !Has("top_p"))
        {
            Start();
            writer.WriteNumber("top_p"u8, topP);
        }

        if (options?.TopK is { } topK && !Has("top_k"))
        {
            Start();
            writer.WriteNumber("top_k"u8, topK);
        }

        if (options?.StopSequences is { Count: > 0 } stop && !Has("stop"))
        {
            Start();
            writer.WriteStartArray("stop"u8);
            foreach (var sequence in stop)
            {
                writer.WriteStringValue(sequence);
            }

            writer.WriteEndArray();
        }

        if (options?.Seed is { } seed && !Has("seed"))
        {
            Start();
            writer.WriteNumber("seed"u8, seed);
        }

        if (options?.FrequencyPenalty is { } frequency && !Has("frequency_penalty"))
        {
            Start();
            writer.WriteNumber("frequency_penalty"u8, frequency);
        }

        if (options?.PresencePenalty is { } presence && !Has("presence_penalty"))
        {
            Start();
            writer.WriteNumber("presence_penalty"u8, presence);
        }

        if (extraOptions is not null)
        {
            foreach (var (key, value) in extraOptions)
            {
                Start();
                writer.WritePropertyName(key);
                JsonValueWriter.Write(writer, value);
            }
        }

        if (started)
        {
            writer.WriteEndObject();
        }
    }

    private static Dictionary<string, object?>? ExtraOptions(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case IDictionary<string, object?> dictionary:
                return new Dictionary<string, object?>(dictionary, StringComparer.Ordinal);
            case JsonElement { ValueKind: JsonValueKind.Object } element:
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    result[property.Name] = property.Value;
                }

                return result;
            default:
                throw new ArgumentException("AdditionalProperties[\"options\"] must be a JSON object or a dictionary of Ollama model options (e.g. num_ctx).");
        }
    }

    /// <summary>
    /// Maps <see cref="ReasoningOptions"/> to <c>think</c> (https://docs.ollama.com/capabilities/thinking): off for
    /// effort or output None, else the level name, which Ollama applies for models with named levels (GPT-OSS) and
    /// otherwise treats as the model default. Returns null to leave the model default.
    /// </summary>
    private static object? ThinkValue(ReasoningOptions? reasoning) => reasoning switch
    {
        null => null,
        { Effort: ReasoningEffort.None } or { Output: ReasoningOutput.None } => false,
        { Effort: ReasoningEffort.Low } => "low",
        { Effort: ReasoningEffort.Medium } => "medium",
        { Effort: ReasoningEffort.High or ReasoningEffort.ExtraHigh } => "high",
        _ => null,
    };

    private static bool IsOverridden(AdditionalPropertiesDictionary? extras, string key) => extras?.ContainsKey(key) == true;

    private static DataContent ToImage(DataContent content, string provider) =>
        content.HasTopLevelMediaType("image")
            ? content
            : throw new ProviderException(ProviderErrorKind.InvalidRequest, provider, $"Ollama accepts only images as attachments, not '{content.MediaType}'.");

    private static DataContent ToImage(UriContent content, string provider)
    {
        // Ollama's REST API takes inline base64 images only (https://docs.ollama.com/capabilities/vision); the
        // client does not fetch URLs on the caller's behalf, so a remote image must be downloaded first.
        if (content.Uri.Scheme is "data")
        {
            return ToImage(new DataContent(content.Uri), provider);
        }

        throw new ProviderException(
            ProviderErrorKind.InvalidRequest,
            provider,
            $"Ollama needs inline images (base64); the image URL with scheme '{content.Uri.Scheme}' cannot be sent. Download it and pass a DataContent instead.");
    }
}
