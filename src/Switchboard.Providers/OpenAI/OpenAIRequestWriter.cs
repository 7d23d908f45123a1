using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Serialization;

namespace Switchboard.Providers.OpenAI;

/// <summary>
/// Writes a Chat Completions request body (https://platform.openai.com/docs/api-reference/chat/create) straight to
/// UTF-8 with a <see cref="Utf8JsonWriter"/>.
/// </summary>
internal static class OpenAIRequestWriter
{
    /// <summary>The writer callback for <see cref="Http.ProviderHttp.JsonContent{TState}"/>.</summary>
    public static void Write(Utf8JsonWriter writer, OpenAIRequest request)
    {
        var options = request.Options;
        writer.WriteStartObject();
        writer.WriteString("model"u8, options?.ModelId ?? request.Model);

        writer.WritePropertyName("messages"u8);
        writer.WriteStartArray();
        if (!string.IsNullOrEmpty(options?.Instructions))
        {
            WriteTextMessage(writer, "system", options.Instructions);
        }

        foreach (var message in request.Messages)
        {
            WriteMessage(writer, message, request.IsOpenAIPlatform);
        }

        writer.WriteEndArray();

        if (request.Stream)
        {
            writer.WriteBoolean("stream"u8, true);

            // Without include_usage a stream reports no token counts at all; the usage then comes in one last
            // chunk whose choices array is empty (https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options).
            writer.WritePropertyName("stream_options"u8);
            writer.WriteStartObject();
            writer.WriteBoolean("include_usage"u8, true);
            writer.WriteEndObject();
        }

        if (options is not null)
        {
            WriteOptions(writer, options, request.IsOpenAIPlatform);
        }

        writer.WriteEndObject();
    }

    private static void WriteOptions(Utf8JsonWriter writer, ChatOptions options, bool isOpenAIPlatform)
    {
        var extra = options.AdditionalProperties;

        // max_completion_tokens, not max_tokens: OpenAI deprecated max_tokens and rejects it for reasoning models
        // (o-series, gpt-5), while max_completion_tokens works for every current model
        // (https://platform.openai.com/docs/api-reference/chat/create#chat-create-max_completion_tokens).
        // vLLM, llama.cpp, Ollama, Groq, DeepSeek and OpenRouter accept it too; a server that only knows
        // max_tokens can be given it through ChatOptions.AdditionalProperties["max_tokens"], which then replaces this field.
        if (options.MaxOutputTokens is { } maxTokens && !Has(extra, "max_completion_tokens") && !Has(extra, "max_tokens"))
        {
            writer.WriteNumber("max_completion_tokens"u8, maxTokens);
        }

        if (options.Temperature is { } temperature && !Has(extra, "temperature"))
        {
            writer.WriteNumber("temperature"u8, temperature);
        }

        if (options.TopP is { } topP && !Has(extra, "top_p"))
        {
            writer.WriteNumber("top_p"u8, topP);
        }

        // top_k is not an OpenAI parameter (api.openai.com rejects unknown ones), but vLLM, llama.cpp and most
        // local servers take it.
        if (options.TopK is { } topK && !isOpenAIPlatform && !Has(extra, "top_k"))
        {
            writer.WriteNumber("top_k"u8, topK);
        }

        if (options.FrequencyPenalty is { } frequencyPenalty && !Has(extra, "frequency_penalty"))
        {
            writer.WriteNumber("frequency_penalty"u8, frequencyPenalty);
        }

        if (options.PresencePenalty is { } presencePenalty && !Has(extra, "presence_penalty"))
        {
            writer.WriteNumber("presence_penalty"u8, presencePenalty);
        }

        if (options.Seed is { } seed && !Has(extra, "seed"))
        {
            writer.WriteNumber("seed"u8, seed);
        }

        if (options.StopSequences is { Count: > 0 } stops && !Has(extra, "stop"))
        {
            writer.WritePropertyName("stop"u8);
            writer.WriteStartArray();
            foreach (var stop in stops)
            {
                writer.WriteStringValue(stop);
            }

            writer.WriteEndArray();
        }

        if (options.ResponseFormat is ChatResponseFormatJson json && !Has(extra, "response_format"))
        {
            WriteResponseFormat(writer, json);
        }

        if (options.Reasoning?.Effort is { } effort && !Has(extra, "reasoning_effort"))
        {
            writer.WriteString("reasoning_effort"u8, effort switch
            {
                ReasoningEffort.None => "none",
                ReasoningEffort.Low => "low",
                ReasoningEffort.Medium => "medium",
                ReasoningEffort.High => "high",
                _ => "xhigh",
            });
        }

        var hasTools = WriteTools(writer, options, extra);

        // tool_choice and parallel_tool_calls are only allowed together with tools.
        if (hasTools && options.ToolMode is { } toolMode && !Has(extra, "tool_choice"))
        {
            WriteToolChoice(writer, toolMode);
        }

        if (hasTools && options.AllowMultipleToolCalls is { } parallel && !Has(extra, "parallel_tool_calls"))
        {
            writer.WriteBoolean("parallel_tool_calls"u8, parallel);
        }

        if (extra is not null)
        {
            // The escape hatch: fields this client has no option for (user, store, metadata, logprobs, ...).
            foreach (var (name, value) in extra)
            {
                if (name is "model" or "messages" or "stream" or "stream_options")
                {
                    continue;
                }

                writer.WritePropertyName(name);
                JsonValueWriter.Write(writer, value);
            }
        }
    }

    private static void WriteResponseFormat(Utf8JsonWriter writer, ChatResponseFormatJson json)
    {
        writer.WritePropertyName("response_format"u8);
        writer.WriteStartObject();
        if (json.Schema is { } schema)
        {
            // https://platform.openai.com/docs/guides/structured-outputs
            writer.WriteString("type"u8, "json_schema");
            writer.WritePropertyName("json_schema"u8);
            writer.WriteStartObject();
            writer.WriteString("name"u8, json.SchemaName ?? "response");
            if (json.SchemaDescription is { } description)
            {
                writer.WriteString("description"u8, description);
            }

            writer.WritePropertyName("schema"u8);
            schema.WriteTo(writer);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteString("type"u8, "json_object");
        }

        writer.WriteEndObject();
    }

    private static bool WriteTools(Utf8JsonWriter writer, ChatOptions options, AdditionalPropertiesDictionary? extra)
    {
        if (options.Tools is not { Count: > 0 } tools || Has(extra, "tools"))
        {
            return Has(extra, "tools");
        }

        var started = false;
        foreach (var tool in tools)
        {
            if (tool is not AIFunctionDeclaration function)
            {
                // Hosted tools (web search, code interpreter) are Responses API features, not Chat Completions ones.
                continue;
            }

            if (!started)
            {
                writer.WritePropertyName("tools"u8);
                writer.WriteStartArray();
                started = true;
            }

            writer.WriteStartObject();
            writer.WriteString("type"u8, "function");
            writer.WritePropertyName("function"u8);
            writer.WriteStartObject();
            writer.WriteString("name"u8, function.Name);
            if (!string.IsNullOrEmpty(function.Description))
            {
                writer.WriteString("description"u8, function.Description);
            }

            writer.WritePropertyName("parameters"u8);
            function.JsonSchema.WriteTo(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        if (started)
        {
            writer.WriteEndArray();
        }

        return started;
    }

    private static void WriteToolChoice(Utf8JsonWriter writer, ChatToolMode toolMode)
    {
        switch (toolMode)
        {
            case NoneChatToolMode:
                writer.WriteString("tool_choice"u8, "none");
                break;
            case RequiredChatToolMode { RequiredFunctionName: { } name }:
                writer.WritePropertyName("tool_choice"u8);
                writer.WriteStartObject();
                writer.WriteString("type"u8, "function");
                writer.WritePropertyName("function"u8);
                writer.WriteStartObject();
                writer.WriteString("name"u8, name);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case RequiredChatToolMode:
                writer.WriteString("tool_choice"u8, "required");
                break;
            default:
                writer.WriteString("tool_choice"u8, "auto");
                break;
        }
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message, bool isOpenAIPlatform)
    {
        // Tool results are messages of their own in Chat Completions, one per call, whatever message held them.
        var hasOtherContent = false;
        foreach (var content in message.Contents)
        {
            if (content is FunctionResultContent result)
            {
                WriteToolResult(writer, result);
            }
            else
            {
                hasOtherContent = true;
            }
        }

        if (!hasOtherContent || message.Role == ChatRole.Tool)
        {
            return;
        }

        if (message.Role == ChatRole.Assistant)
        {
            WriteAssistantMessage(writer, message, isOpenAIPlatform);
        }
        else if (message.Role == ChatRole.System)
        {
            WriteTextMessage(writer, "system", message.Text);
        }
        else
        {
            WriteUserMessage(writer, message);
        }
    }

    private static void WriteTextMessage(Utf8JsonWriter writer, string role, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, role);
        writer.WriteString("content"u8, text);
        writer.WriteEndObject();
    }

    private static void WriteUserMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        writer.WriteStartObject();

        // "developer" and other roles a caller names pass through; everything else that is not assistant is a user turn.
        writer.WriteString("role"u8, message.Role == ChatRole.User ? "user" : message.Role.Value);
        if (!string.IsNullOrEmpty(message.AuthorName))
        {
            writer.WriteString("name"u8, message.AuthorName);
        }

        if (message.Contents is [TextContent single])
        {
            writer.WriteString("content"u8, single.Text);
        }
        else
        {
            writer.WritePropertyName("content"u8);
            writer.WriteStartArray();
            foreach (var content in message.Contents)
            {
                WriteContentPart(writer, content);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>One part of a user message (https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages).</summary>
    private static void WriteContentPart(Utf8JsonWriter writer, AIContent content)
    {
        switch (content)
        {
            case TextContent text:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "text");
                writer.WriteString("text"u8, text.Text);
                writer.WriteEndObject();
                break;
            case DataContent data when data.HasTopLevelMediaType("image"):
                // A data URL carries the base64 bytes (https://platform.openai.com/docs/guides/images-vision).
                WriteImagePart(writer, data.Uri, data.AdditionalProperties);
                break;
            case UriContent uri when uri.HasTopLevelMediaType("image"):
                WriteImagePart(writer, uri.Uri.AbsoluteUri, uri.AdditionalProperties);
                break;
            case DataContent data when AudioFormat(data.MediaType) is { } format:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "input_audio");
                writer.WritePropertyName("input_audio"u8);
                writer.WriteStartObject();
                writer.WriteString("data"u8, data.Base64Data.Span);
                writer.WriteString("format"u8, format);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case DataContent data when data.MediaType == "application/pdf":
                writer.WriteStartObject();
                writer.WriteString("type"u8, "file");
                writer.WritePropertyName("file"u8);
                writer.WriteStartObject();
                writer.WriteString("filename"u8, data.Name ?? "document.pdf");
                writer.WriteString("file_data"u8, data.Uri);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case DataContent data:
                throw new NotSupportedException($"Chat Completions takes images, wav/mp3 audio and PDF files, not '{data.MediaType}'.");
            case UriContent uri:
                throw new NotSupportedException($"Chat Completions takes image URLs only, not '{uri.MediaType}'.");
            default:
                // Reasoning, usage and other non-input content has no place in a user turn.
                break;
        }
    }

    private static void WriteImagePart(Utf8JsonWriter writer, string url, AdditionalPropertiesDictionary? properties)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "image_url");
        writer.WritePropertyName("image_url"u8);
        writer.WriteStartObject();
        writer.WriteString("url"u8, url);
        if (properties?.TryGetValue(OpenAIPropertyNames.ImageDetail, out var detail) == true && detail?.ToString() is { Length: > 0 } detailText)
        {
            writer.WriteString("detail"u8, detailText);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string? AudioFormat(string mediaType) => mediaType switch
    {
        "audio/wav" or "audio/x-wav" or "audio/wave" => "wav",
        "audio/mpeg" or "audio/mp3" => "mp3",
        _ => null,
    };

    private static void WriteAssistantMessage(Utf8JsonWriter writer, ChatMessage message, bool isOpenAIPlatform)
    {
        StringBuilder? reasoning = null;
        string? reasoningField = null;
        string? refusal = null;
        var hasToolCalls = false;
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextReasoningContent thinking when !isOpenAIPlatform && !string.IsNullOrEmpty(thinking.Text):
                    (reasoning ??= new StringBuilder()).Append(thinking.Text);
                    reasoningField ??= thinking.AdditionalProperties?.TryGetValue(OpenAIPropertyNames.ReasoningField, out var field) == true
                        ? field as string
                        : null;
                    break;
                case ErrorContent { ErrorCode: OpenAIPropertyNames.RefusalErrorCode } error:
                    refusal = error.Message;
                    break;
                case FunctionCallContent:
                    hasToolCalls = true;
                    break;
            }
        }

        writer.WriteStartObject();
        writer.WriteString("role"u8, "assistant");
        if (!string.IsNullOrEmpty(message.AuthorName))
        {
            writer.WriteString("name"u8, message.AuthorName);
        }

        var text = message.Text;
        if (text.Length == 0 && (hasToolCalls || refusal is not null))
        {
            // content is optional when tool_calls or refusal is given.
            writer.WriteNull("content"u8);
        }
        else
        {
            writer.WriteString("content"u8, text);
        }

        if (refusal is not null)
        {
            writer.WriteString("refusal"u8, refusal);
        }

        if (reasoning is not null)
        {
            // OpenAI's own Chat Completions has no reasoning field and rejects unknown ones, so this goes only to
            // compatible servers. DeepSeek requires the reasoning of tool-call turns back, under reasoning_content
            // (https://api-docs.deepseek.com/guides/thinking_mode#tool-calls); a server that sent it as "reasoning"
            // gets it back under that name.
            writer.WriteString(reasoningField ?? OpenAIPropertyNames.ReasoningContent, reasoning.ToString());
        }

        if (hasToolCalls)
        {
            writer.WritePropertyName("tool_calls"u8);
            writer.WriteStartArray();
            foreach (var content in message.Contents)
            {
                if (content is FunctionCallContent call)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id"u8, call.CallId);
                    writer.WriteString("type"u8, "function");
                    writer.WritePropertyName("function"u8);
                    writer.WriteStartObject();
                    writer.WriteString("name"u8, call.Name);

                    // arguments is JSON text inside a string.
                    writer.WriteString("arguments"u8, JsonValueWriter.ToUtf8(call.Arguments ?? EmptyArguments).Span);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static readonly Dictionary<string, object?> EmptyArguments = [];

    private static void WriteToolResult(Utf8JsonWriter writer, FunctionResultContent result)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, "tool");
        writer.WriteString("tool_call_id"u8, result.CallId);
        writer.WritePropertyName("content"u8);

        // Chat Completions has no error flag for tool results; a failed call is said so in its text. The exception's own
        // message is used only when there is no result text: FunctionInvokingChatClient puts the text meant for the
        // model in Result (without the exception message unless IncludeDetailedErrors), and keeps Exception for the caller.
        if (result.Result is null && result.Exception is { } exception)
        {
            writer.WriteStringValue($"Error: {exception.Message}");
        }
        else
        {
            switch (result.Result)
            {
                case string text:
                    writer.WriteStringValue(text);
                    break;
                case JsonElement { ValueKind: JsonValueKind.String } element:
                    writer.WriteStringValue(element.GetString());
                    break;
                case TextContent text:
                    writer.WriteStringValue(text.Text);
                    break;
                case null:
                    writer.WriteStringValue(string.Empty);
                    break;
                default:
                    writer.WriteStringValue(JsonValueWriter.ToUtf8(result.Result).Span);
                    break;
            }
        }

        writer.WriteEndObject();
    }

    private static bool Has(AdditionalPropertiesDictionary? extra, string name) => extra?.ContainsKey(name) == true;
}
