using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Serialization;

namespace Switchboard.Providers.Anthropic;

/// <summary>
/// Writes a Messages API request body (https://platform.claude.com/docs/en/api/messages/create) straight from the
/// chat messages and options with a <see cref="Utf8JsonWriter"/>.
/// </summary>
internal static class AnthropicRequestWriter
{
    /// <summary>Anthropic requires <c>max_tokens</c>; this is used when the caller sets no limit.</summary>
    public const int DefaultMaxTokens = 4096;

    /// <summary>Fields the client owns; an <c>AdditionalProperties</c> entry cannot replace them.</summary>
    private static readonly HashSet<string> ReservedFields = new(StringComparer.Ordinal) { "messages", "stream" };

    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    public static void Write(Utf8JsonWriter writer, in AnthropicRequest request)
    {
        var options = request.Options;
        var extra = options?.AdditionalProperties;
        bool Own(string field) => extra is null || !extra.ContainsKey(field);

        writer.WriteStartObject();
        if (Own("model"))
        {
            writer.WriteString("model", options?.ModelId ?? request.Model);
        }

        if (Own("max_tokens"))
        {
            writer.WriteNumber("max_tokens", options?.MaxOutputTokens ?? DefaultMaxTokens);
        }

        if (Own("system"))
        {
            WriteSystem(writer, request.Messages, options?.Instructions);
        }

        WriteMessages(writer, request.Messages);

        if (options is not null)
        {
            if (options.Temperature is { } temperature && Own("temperature"))
            {
                writer.WriteNumber("temperature", temperature);
            }

            if (options.TopP is { } topP && Own("top_p"))
            {
                writer.WriteNumber("top_p", topP);
            }

            if (options.TopK is { } topK && Own("top_k"))
            {
                writer.WriteNumber("top_k", topK);
            }

            if (options.StopSequences is { Count: > 0 } stops && Own("stop_sequences"))
            {
                writer.WriteStartArray("stop_sequences");
                foreach (var stop in stops)
                {
                    writer.WriteStringValue(stop);
                }

                writer.WriteEndArray();
            }

            // Seed, FrequencyPenalty and PresencePenalty have no Messages API counterpart and are not sent.
        }

        if (request.Stream)
        {
            writer.WriteBoolean("stream", true);
        }

        if (options is not null)
        {
            var wroteTools = Own("tools") && WriteTools(writer, options.Tools);
            if (wroteTools && Own("tool_choice"))
            {
                WriteToolChoice(writer, options.ToolMode, options.AllowMultipleToolCalls);
            }

            if (Own("thinking"))
            {
                WriteThinking(writer, options.Reasoning);
            }

            if (Own("output_config"))
            {
                WriteOutputConfig(writer, options);
            }
        }

        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                if (!ReservedFields.Contains(key))
                {
                    writer.WritePropertyName(key);
                    JsonValueWriter.Write(writer, value);
                }
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Anthropic has no system role inside <c>messages</c>: instructions and system messages become the top-level
    /// <c>system</c>, a string when there is one part and text blocks otherwise.
    /// </summary>
    private static void WriteSystem(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages, string? instructions)
    {
        List<(string Text, AdditionalPropertiesDictionary? Properties)>? parts = null;
        if (!string.IsNullOrEmpty(instructions))
        {
            (parts ??= []).Add((instructions, null));
        }

        foreach (var message in messages)
        {
            if (message.Role != ChatRole.System)
            {
                continue;
            }

            foreach (var content in message.Contents)
            {
                if (content is TextContent { Text: { Length: > 0 } text })
                {
                    (parts ??= []).Add((text, content.AdditionalProperties));
                }
            }
        }

        if (parts is null)
        {
            return;
        }

        if (parts is [(var only, var onlyProperties)] && !HasCacheControl(onlyProperties))
        {
            writer.WriteString("system", only);
            return;
        }

        writer.WriteStartArray("system");
        foreach (var (text, properties) in parts)
        {
            WriteTextBlock(writer, text, properties);
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Roles must alternate, so consecutive messages of one role (a tool message then a user message, two assistant
    /// messages) share one turn. Messages with nothing Anthropic accepts are dropped first, so they cannot break the alternation.
    /// </summary>
    private static void WriteMessages(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages)
    {
        writer.WriteStartArray("messages");
        var turnStart = -1;
        string? turnRole = null;
        for (var i = 0; i <= messages.Count; i++)
        {
            string? role = null;
            if (i < messages.Count)
            {
                var message = messages[i];
                if (message.Role == ChatRole.System || !HasWritableContent(message))
                {
                    continue;
                }

                role = message.Role == ChatRole.Assistant ? "assistant" : "user";
                if (role == turnRole)
                {
                    continue;
                }
            }

            if (turnRole is not null)
            {
                WriteTurn(writer, turnRole, messages, turnStart, i);
            }

            turnRole = role;
            turnStart = i;
        }

        writer.WriteEndArray();
    }

    private static void WriteTurn(Utf8JsonWriter writer, string role, IReadOnlyList<ChatMessage> messages, int start, int end)
    {
        writer.WriteStartObject();
        writer.WriteString("role", role);
        writer.WriteStartArray("content");
        if (role == "user")
        {
            // "tool_result blocks must come FIRST in the content array" of the user message that answers a tool use
            // (https://platform.claude.com/docs/en/agents-and-tools/tool-use/handle-tool-calls).
            ForEachWritable(writer, messages, start, end, static c => c is FunctionResultContent);
            ForEachWritable(writer, messages, start, end, static c => c is not FunctionResultContent);
        }
        else
        {
            for (var i = start; i < end; i++)
            {
                // Thinking blocks lead their assistant message, before its text and tool_use blocks
                // (https://platform.claude.com/docs/en/build-with-claude/extended-thinking). Per message, so the
                // order of thinking and tool calls across merged messages (interleaved thinking) is kept.
                ForEachWritable(writer, messages, i, i + 1, static c => c is TextReasoningContent);
                ForEachWritable(writer, messages, i, i + 1, static c => c is not TextReasoningContent);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void ForEachWritable(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages, int start, int end, Func<AIContent, bool> filter)
    {
        for (var i = start; i < end; i++)
        {
            if (messages[i].Role == ChatRole.System)
            {
                continue;
            }

            foreach (var content in messages[i].Contents)
            {
                if (filter(content) && IsWritable(content))
                {
                    WriteContent(writer, content);
                }
            }
        }
    }

    private static bool HasWritableContent(ChatMessage message)
    {
        foreach (var content in message.Contents)
        {
            if (IsWritable(content))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWritable(AIContent content) => content switch
    {
        // The API rejects empty text blocks.
        TextContent text => !string.IsNullOrEmpty(text.Text),

        // Thinking without its signature cannot be verified by the API, so it is not sent back.
        TextReasoningContent reasoning => !string.IsNullOrEmpty(reasoning.ProtectedData),
        DataContent or UriContent or FunctionCallContent or FunctionResultContent => true,
        _ => false,
    };

    private static void WriteContent(Utf8JsonWriter writer, AIContent content)
    {
        switch (content)
        {
            case TextContent text:
                WriteTextBlock(writer, text.Text, text.AdditionalProperties);
                break;
            case TextReasoningContent reasoning:
                WriteReasoning(writer, reasoning);
                break;
            case DataContent data:
                WriteData(writer, data);
                break;
            case UriContent uri:
                WriteUri(writer, uri);
                break;
            case FunctionCallContent call:
                writer.WriteStartObject();
                writer.WriteString("type", "tool_use");
                writer.WriteString("id", call.CallId);
                writer.WriteString("name", call.Name);
                writer.WritePropertyName("input");
                if (call.Arguments is null)
                {
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                }
                else
                {
                    JsonValueWriter.Write(writer, call.Arguments);
                }

                WriteCacheControl(writer, call.AdditionalProperties);
                writer.WriteEndObject();
                break;
            case FunctionResultContent result:
                WriteToolResult(writer, result);
                break;
        }
    }

    private static void WriteTextBlock(Utf8JsonWriter writer, string text, AdditionalPropertiesDictionary? properties)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("text", text);
        WriteCacheControl(writer, properties);
        writer.WriteEndObject();
    }

    private static bool HasCacheControl(IReadOnlyDictionary<string, object?>? properties) =>
        properties?.ContainsKey(AnthropicContentProperties.CacheControl) == true;

    /// <summary>
    /// A <c>cache_control</c> breakpoint (<c>{"type":"ephemeral"}</c>) set on a content, tool or system part is copied
    /// onto its block (https://platform.claude.com/docs/en/build-with-claude/prompt-caching).
    /// </summary>
    private static void WriteCacheControl(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?>? properties)
    {
        if (properties?.TryGetValue(AnthropicContentProperties.CacheControl, out var cacheControl) == true)
        {
            writer.WritePropertyName("cache_control");
            JsonValueWriter.Write(writer, cacheControl);
        }
    }

    /// <summary>Thinking goes back exactly as received: text plus signature, or the redacted block's data.</summary>
    private static void WriteReasoning(Utf8JsonWriter writer, TextReasoningContent reasoning)
    {
        writer.WriteStartObject();
        if (reasoning.AdditionalProperties?.TryGetValue(AnthropicContentProperties.RedactedThinking, out var redacted) == true
            && redacted is true)
        {
            writer.WriteString("type", "redacted_thinking");
            writer.WriteString("data", reasoning.ProtectedData);
        }
        else
        {
            writer.WriteString("type", "thinking");
            writer.WriteString("thinking", reasoning.Text);
            writer.WriteString("signature", reasoning.ProtectedData);
        }

        writer.WriteEndObject();
    }

    /// <summary>Images and PDFs inline as base64 (https://platform.claude.com/docs/en/build-with-claude/vision, .../pdf-support).</summary>
    private static void WriteData(Utf8JsonWriter writer, DataContent data)
    {
        var blockType = BlockTypeFor(data.MediaType, data.HasTopLevelMediaType("image"));
        writer.WriteStartObject();
        writer.WriteString("type", blockType);
        writer.WriteStartObject("source");
        if (data.MediaType == "text/plain")
        {
            writer.WriteString("type", "text");
            writer.WriteString("media_type", "text/plain");
            writer.WriteString("data", System.Text.Encoding.UTF8.GetString(data.Data.Span));
        }
        else
        {
            writer.WriteString("type", "base64");
            writer.WriteString("media_type", data.MediaType);
            writer.WriteString("data", data.Base64Data.Span);
        }

        writer.WriteEndObject();
        WriteCacheControl(writer, data.AdditionalProperties);
        writer.WriteEndObject();
    }

    private static void WriteUri(Utf8JsonWriter writer, UriContent uri)
    {
        var blockType = BlockTypeFor(uri.MediaType, uri.HasTopLevelMediaType("image"));
        writer.WriteStartObject();
        writer.WriteString("type", blockType);
        writer.WriteStartObject("source");
        writer.WriteString("type", "url");
        writer.WriteString("url", uri.Uri.AbsoluteUri);
        writer.WriteEndObject();
        WriteCacheControl(writer, uri.AdditionalProperties);
        writer.WriteEndObject();
    }

    private static string BlockTypeFor(string mediaType, bool isImage) =>
        isImage ? "image"
        : mediaType is "application/pdf" or "text/plain" ? "document"
        : throw new NotSupportedException($"Anthropic accepts images, PDFs and plain text as attachments, not '{mediaType}'.");

    /// <summary>
    /// A tool result is a <c>tool_result</c> block in a user turn; a failed call is marked with <c>is_error</c>
    /// (https://platform.claude.com/docs/en/agents-and-tools/tool-use/handle-tool-calls).
    /// </summary>
    private static void WriteToolResult(Utf8JsonWriter writer, FunctionResultContent result)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "tool_result");
        writer.WriteString("tool_use_id", result.CallId);
        switch (result.Result)
        {
            case null when result.Exception is { } exception:
                writer.WriteString("content", $"Error: {exception.Message}");
                break;
            case null:
                break;
            case string text:
                writer.WriteString("content", text);
                break;
            case JsonElement { ValueKind: JsonValueKind.String } element:
                writer.WriteString("content", element.GetString());
                break;
            case AIContent single when IsResultBlock(single):
                writer.WriteStartArray("content");
                WriteContent(writer, single);
                writer.WriteEndArray();
                break;
            case IEnumerable<AIContent> contents when contents.Any(IsResultBlock):
                writer.WriteStartArray("content");
                foreach (var item in contents)
                {
                    if (IsResultBlock(item))
                    {
                        WriteContent(writer, item);
                    }
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteString("content", JsonValueWriter.ToJsonText(result.Result));
                break;
        }

        if (result.Exception is not null)
        {
            writer.WriteBoolean("is_error", true);
        }

        WriteCacheControl(writer, result.AdditionalProperties);
        writer.WriteEndObject();
    }

    private static bool IsResultBlock(AIContent content) =>
        content is TextContent { Text.Length: > 0 } or DataContent or UriContent;

    /// <summary>Function declarations become <c>{name, description, input_schema}</c>; other tool kinds are not sent.</summary>
    private static bool WriteTools(Utf8JsonWriter writer, IList<AITool>? tools)
    {
        if (tools is null || !tools.Any(t => t is AIFunctionDeclaration))
        {
            return false;
        }

        writer.WriteStartArray("tools");
        foreach (var tool in tools)
        {
            if (tool is not AIFunctionDeclaration function)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("name", function.Name);
            if (!string.IsNullOrEmpty(function.Description))
            {
                writer.WriteString("description", function.Description);
            }

            writer.WritePropertyName("input_schema");
            var schema = function.JsonSchema.ValueKind == JsonValueKind.Object ? function.JsonSchema : EmptyObjectSchema;
            schema.WriteTo(writer);
            WriteCacheControl(writer, function.AdditionalProperties);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        return true;
    }

    /// <summary>
    /// <c>tool_choice</c> is <c>auto</c>, <c>any</c>, <c>tool</c> (with a name) or <c>none</c>; the first three take
    /// <c>disable_parallel_tool_use</c> (https://platform.claude.com/docs/en/agents-and-tools/tool-use/implement-tool-use).
    /// </summary>
    private static void WriteToolChoice(Utf8JsonWriter writer, ChatToolMode? mode, bool? allowMultipleToolCalls)
    {
        var disableParallel = allowMultipleToolCalls == false;
        if (mode is null && !disableParallel)
        {
            return;
        }

        writer.WriteStartObject("tool_choice");
        switch (mode)
        {
            case NoneChatToolMode:
                writer.WriteString("type", "none");
                disableParallel = false;
                break;
            case RequiredChatToolMode { RequiredFunctionName: { } name }:
                writer.WriteString("type", "tool");
                writer.WriteString("name", name);
                break;
            case RequiredChatToolMode:
                writer.WriteString("type", "any");
                break;
            default:
                writer.WriteString("type", "auto");
                break;
        }

        if (disableParallel)
        {
            writer.WriteBoolean("disable_parallel_tool_use", true);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// <see cref="ChatOptions.Reasoning"/> maps to adaptive thinking (https://platform.claude.com/docs/en/build-with-claude/adaptive-thinking)
    /// with <c>output_config.effort</c>; effort <c>None</c> turns thinking off. Models that only take a fixed
    /// <c>budget_tokens</c> are reached by passing <c>"thinking"</c> in <see cref="ChatOptions.AdditionalProperties"/>.
    /// </summary>
    private static void WriteThinking(Utf8JsonWriter writer, ReasoningOptions? reasoning)
    {
        if (reasoning is null || (reasoning.Effort is null && reasoning.Output is null))
        {
            return;
        }

        writer.WriteStartObject("thinking");
        if (reasoning.Effort == ReasoningEffort.None)
        {
            writer.WriteString("type", "disabled");
        }
        else
        {
            writer.WriteString("type", "adaptive");
            if (reasoning.Output is { } output)
            {
                writer.WriteString("display", output == ReasoningOutput.None ? "omitted" : "summarized");
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// <c>output_config</c> holds the effort level and a structured-output JSON schema
    /// (https://platform.claude.com/docs/en/build-with-claude/structured-outputs). Schema-less JSON has no
    /// Anthropic equivalent and is left to the prompt.
    /// </summary>
    private static void WriteOutputConfig(Utf8JsonWriter writer, ChatOptions options)
    {
        var effort = options.Reasoning?.Effort switch
        {
            ReasoningEffort.Low => "low",
            ReasoningEffort.Medium => "medium",
            ReasoningEffort.High => "high",
            ReasoningEffort.ExtraHigh => "xhigh",
            _ => null,
        };
        var schema = options.ResponseFormat is ChatResponseFormatJson { Schema: { } s } ? s : (JsonElement?)null;
        if (effort is null && schema is null)
        {
            return;
        }

        writer.WriteStartObject("output_config");
        if (effort is not null)
        {
            writer.WriteString("effort", effort);
        }

        if (schema is { } jsonSchema)
        {
            writer.WriteStartObject("format");
            writer.WriteString("type", "json_schema");
            writer.WritePropertyName("schema");
            jsonSchema.WriteTo(writer);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
