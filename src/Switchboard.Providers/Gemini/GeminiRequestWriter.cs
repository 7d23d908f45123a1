using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Switchboard.Serialization;

namespace Switchboard.Providers.Gemini;

/// <summary>
/// Writes a <c>GenerateContentRequest</c> (https://ai.google.dev/api/generate-content#request-body) with a
/// <see cref="Utf8JsonWriter"/>: contents, systemInstruction, tools, toolConfig, generationConfig, then the caller's
/// <see cref="ChatOptions.AdditionalProperties"/> as extra fields.
/// </summary>
/// <remarks>
/// Field names are the camelCase ones of the API reference (<c>inlineData</c>, <c>mimeType</c>, <c>fileData</c>); the
/// proto3 JSON mapping also accepts the snake_case spellings some REST samples use, but the SDKs send these.
/// </remarks>
internal static class GeminiRequestWriter
{
    /// <summary>
    /// The signature Google documents for function calls that Gemini did not produce (history from another model), so
    /// Gemini 3 accepts them without one: https://ai.google.dev/gemini-api/docs/thought-signatures#faqs
    /// </summary>
    public const string SkipThoughtSignatureValidator = "skip_thought_signature_validator";

    /// <summary>
    /// <see cref="ChatOptions.AdditionalProperties"/> keys that are <c>GenerationConfig</c> fields: they go inside
    /// <c>generationConfig</c> (top level they would be rejected as unknown). Any other key is a top-level field.
    /// https://ai.google.dev/api/generate-content#generationconfig
    /// </summary>
    private static readonly HashSet<string> GenerationConfigFields = new(StringComparer.Ordinal)
    {
        "thinkingConfig", "responseModalities", "candidateCount", "responseLogprobs", "logprobs", "mediaResolution",
        "speechConfig", "imageConfig", "responseSchema", "responseJsonSchema", "enableEnhancedCivicAnswers",
        "responseMimeType", "temperature", "topP", "topK", "maxOutputTokens", "stopSequences", "seed",
        "presencePenalty", "frequencyPenalty",
    };

    public static void Write(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var extras = options?.AdditionalProperties;
        writer.WriteStartObject();

        // A field the caller set through AdditionalProperties replaces ours rather than appearing twice.
        if (!Has(extras, "contents"))
        {
            WriteContents(writer, messages);
        }

        if (!Has(extras, "systemInstruction"))
        {
            WriteSystemInstruction(writer, messages, options?.Instructions);
        }

        var hasFunctions = false;
        if (!Has(extras, "tools"))
        {
            hasFunctions = WriteTools(writer, options?.Tools);
        }

        if (!Has(extras, "toolConfig") && hasFunctions)
        {
            WriteToolConfig(writer, options!.ToolMode);
        }

        var ownGenerationConfig = !Has(extras, "generationConfig");
        if (ownGenerationConfig)
        {
            WriteGenerationConfig(writer, options, extras);
        }

        if (extras is not null)
        {
            foreach (var (key, value) in extras)
            {
                if (ownGenerationConfig && GenerationConfigFields.Contains(key))
                {
                    continue;
                }

                writer.WritePropertyName(key);
                JsonValueWriter.Write(writer, value);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteContents(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages)
    {
        // A functionResponse must name its function; results only carry the call id, so the calls are looked up.
        Dictionary<string, string>? callNames = null;
        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is FunctionCallContent call && !string.IsNullOrEmpty(call.CallId))
                {
                    (callNames ??= new(StringComparer.Ordinal))[call.CallId] = call.Name;
                }
            }
        }

        writer.WriteStartArray("contents");
        var contents = new GeminiContentsWriter(writer);
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                continue;
            }

            // Gemini knows two roles; tool results travel as user content (https://ai.google.dev/api/caching#Content).
            // Consecutive messages of one turn are merged into one content: Gemini expects the turns to alternate, and
            // wants all responses to one turn's parallel calls in a single content.
            var role = message.Role == ChatRole.Assistant ? "model" : "user";
            WriteParts(contents, role, message.Contents, callNames);
        }

        contents.Close();
        writer.WriteEndArray();
    }

    private static void WriteParts(GeminiContentsWriter contents, string role, IList<AIContent> items, Dictionary<string, string>? callNames)
    {
        var writer = contents.Writer;
        var isModel = role == "model";
        var resultsOnly = items.Count > 0 && items.All(c => c is FunctionResultContent);

        // Gemini 3 rejects a turn whose first function call lacks a signature; calls from another model never had one.
        var firstCallNeedsSignature = isModel && NeedsSkipSignature(items);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];

            // A signature that arrived on a text, media or call part follows it as an empty reasoning content.
            string? trailingSignature = null;
            if (item is not TextReasoningContent && i + 1 < items.Count
                && items[i + 1] is TextReasoningContent { ProtectedData: { } followingSignature } next && string.IsNullOrEmpty(next.Text))
            {
                trailingSignature = followingSignature;
            }

            switch (item)
            {
                case TextContent text:
                    if (string.IsNullOrEmpty(text.Text) && trailingSignature is null)
                    {
                        continue;
                    }

                    contents.BeginPart(role);
                    writer.WriteString("text", text.Text ?? string.Empty);
                    i += WriteSignature(writer, trailingSignature);
                    writer.WriteEndObject();
                    break;

                case TextReasoningContent reasoning when isModel:
                    if (string.IsNullOrEmpty(reasoning.Text) && reasoning.ProtectedData is null)
                    {
                        continue;
                    }

                    contents.BeginPart(role);
                    writer.WriteString("text", reasoning.Text ?? string.Empty);
                    writer.WriteBoolean("thought", true);
                    WriteSignature(writer, reasoning.ProtectedData);
                    writer.WriteEndObject();
                    break;

                case DataContent data:
                    contents.BeginPart(role);
                    writer.WriteStartObject("inlineData");
                    writer.WriteString("mimeType", data.MediaType);
                    // Written as base64 straight from the bytes: a string write would escape every '+' as \u002B.
                    writer.WriteBase64String("data", data.Data.Span);
                    writer.WriteEndObject();
                    i += WriteSignature(writer, trailingSignature);
                    writer.WriteEndObject();
                    break;

                case UriContent uri:
                    contents.BeginPart(role);
                    writer.WriteStartObject("fileData");
                    writer.WriteString("mimeType", uri.MediaType);
                    writer.WriteString("fileUri", uri.Uri.AbsoluteUri);
                    writer.WriteEndObject();
                    i += WriteSignature(writer, trailingSignature);
                    writer.WriteEndObject();
                    break;

                case FunctionCallContent call:
                    contents.BeginPart(role);
                    WriteFunctionCall(writer, call);
                    if (call.AdditionalProperties?.TryGetValue(GeminiChatClient.ThoughtSignatureKey, out var own) == true && own is string ownSignature)
                    {
                        WriteSignature(writer, ownSignature);
                    }
                    else if (trailingSignature is not null)
                    {
                        i += WriteSignature(writer, trailingSignature);
                    }
                    else if (firstCallNeedsSignature)
                    {
                        WriteSignature(writer, SkipThoughtSignatureValidator);
                    }

                    firstCallNeedsSignature = false;
                    writer.WriteEndObject();
                    break;

                case FunctionResultContent result:
                    contents.BeginPart(role, resultsOnly);
                    WriteFunctionResponse(writer, result, callNames);
                    writer.WriteEndObject();
                    break;

                default:
                    // Usage, errors, reasoning in user turns and unknown contents have no Gemini part.
                    break;
            }
        }
    }

    /// <summary>True when the message has function calls and none carries a thought signature.</summary>
    private static bool NeedsSkipSignature(IList<AIContent> items)
    {
        var hasCall = false;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not FunctionCallContent call)
            {
                continue;
            }

            hasCall = true;
            if (call.AdditionalProperties?.ContainsKey(GeminiChatClient.ThoughtSignatureKey) == true
                || (i + 1 < items.Count && items[i + 1] is TextReasoningContent { ProtectedData: not null } next && string.IsNullOrEmpty(next.Text)))
            {
                return false;
            }
        }

        return hasCall;
    }

    /// <summary>Writes <c>thoughtSignature</c> when there is one; returns 1 when it did (the signature content is consumed).</summary>
    private static int WriteSignature(Utf8JsonWriter writer, string? signature)
    {
        if (signature is null)
        {
            return 0;
        }

        writer.WriteString("thoughtSignature", signature);
        return 1;
    }

    private static void WriteFunctionCall(Utf8JsonWriter writer, FunctionCallContent call)
    {
        writer.WriteStartObject("functionCall");

        // Ids Gemini gave are echoed; ids we made up (Gemini sent none) mean nothing to it.
        if (!string.IsNullOrEmpty(call.CallId) && !call.CallId.StartsWith(GeminiChunkParser.GeneratedCallIdPrefix, StringComparison.Ordinal))
        {
            writer.WriteString("id", call.CallId);
        }

        writer.WriteString("name", call.Name);
        writer.WriteStartObject("args");
        if (call.Arguments is not null)
        {
            foreach (var (name, value) in call.Arguments)
            {
                writer.WritePropertyName(name);
                JsonValueWriter.Write(writer, value);
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// <c>functionResponse.response</c> must be an object: "Use "output" key to specify function output and "error"
    /// key to specify error details (if any)" (https://ai.google.dev/api/caching#FunctionResponse). An object result
    /// is sent as it is (then "the whole response is treated as function output").
    /// </summary>
    private static void WriteFunctionResponse(Utf8JsonWriter writer, FunctionResultContent result, Dictionary<string, string>? callNames)
    {
        if (callNames is null || !callNames.TryGetValue(result.CallId, out var name))
        {
            throw new ArgumentException(
                $"The function result for call '{result.CallId}' has no matching function call in the messages; Gemini needs the function's name.",
                "messages");
        }

        writer.WriteStartObject("functionResponse");
        if (!string.IsNullOrEmpty(result.CallId) && !result.CallId.StartsWith(GeminiChunkParser.GeneratedCallIdPrefix, StringComparison.Ordinal))
        {
            writer.WriteString("id", result.CallId);
        }

        writer.WriteString("name", name);
        writer.WritePropertyName("response");
        var value = result.Result is TextContent text ? text.Text : result.Result;
        if (result.Exception is not null)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("error");
            JsonValueWriter.Write(writer, value ?? result.Exception.Message);
            writer.WriteEndObject();
        }
        else if (value is JsonElement { ValueKind: JsonValueKind.Object } element)
        {
            element.WriteTo(writer);
        }
        else if (value is JsonObject node)
        {
            node.WriteTo(writer);
        }
        else
        {
            writer.WriteStartObject();
            writer.WritePropertyName("output");
            JsonValueWriter.Write(writer, value);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteSystemInstruction(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages, string? instructions)
    {
        // Gemini has one system instruction; every system message (wherever it stands) and the options' instructions
        // go there, in order. https://ai.google.dev/gemini-api/docs/text-generation#system-instructions
        var started = false;
        if (!string.IsNullOrEmpty(instructions))
        {
            Begin(writer, ref started);
            WriteTextPart(writer, instructions);
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
                    Begin(writer, ref started);
                    WriteTextPart(writer, text);
                }
            }
        }

        if (started)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        static void Begin(Utf8JsonWriter writer, ref bool started)
        {
            if (!started)
            {
                writer.WriteStartObject("systemInstruction");
                writer.WriteStartArray("parts");
                started = true;
            }
        }

        static void WriteTextPart(Utf8JsonWriter writer, string text)
        {
            writer.WriteStartObject();
            writer.WriteString("text", text);
            writer.WriteEndObject();
        }
    }

    /// <summary>Writes <c>tools[0].functionDeclarations</c>; returns whether any function was declared.</summary>
    private static bool WriteTools(Utf8JsonWriter writer, IList<AITool>? tools)
    {
        if (tools is null || !tools.Any(t => t is AIFunctionDeclaration))
        {
            return false;
        }

        writer.WriteStartArray("tools");
        writer.WriteStartObject();
        writer.WriteStartArray("functionDeclarations");
        foreach (var tool in tools)
        {
            // Hosted tools (web search, code execution) are not mapped: their results come back in parts this client
            // does not read. Callers can still send them through AdditionalProperties["tools"].
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

            if (GeminiSchemaAdapter.AdaptParameters(function.JsonSchema) is { } parameters)
            {
                writer.WritePropertyName("parameters");
                parameters.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        return true;
    }

    /// <summary>
    /// <c>toolConfig.functionCallingConfig</c> (https://ai.google.dev/api/caching#FunctionCallingConfig). Gemini has no
    /// switch for parallel calls, so <see cref="ChatOptions.AllowMultipleToolCalls"/> has nothing to map to.
    /// </summary>
    private static void WriteToolConfig(Utf8JsonWriter writer, ChatToolMode? mode)
    {
        var (geminiMode, onlyFunction) = mode switch
        {
            NoneChatToolMode => ("NONE", null),
            AutoChatToolMode => ("AUTO", null),
            RequiredChatToolMode required => ("ANY", required.RequiredFunctionName),
            _ => ((string?)null, (string?)null),
        };

        if (geminiMode is null)
        {
            return;
        }

        writer.WriteStartObject("toolConfig");
        writer.WriteStartObject("functionCallingConfig");
        writer.WriteString("mode", geminiMode);
        if (onlyFunction is not null)
        {
            writer.WriteStartArray("allowedFunctionNames");
            writer.WriteStringValue(onlyFunction);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteGenerationConfig(Utf8JsonWriter writer, ChatOptions? options, AdditionalPropertiesDictionary? extras)
    {
        if (options is null)
        {
            return;
        }

        var started = false;
        if (options.Temperature is { } temperature)
        {
            Property(writer, ref started, "temperature", extras)?.WriteNumberValue(temperature);
        }

        if (options.TopP is { } topP)
        {
            Property(writer, ref started, "topP", extras)?.WriteNumberValue(topP);
        }

        if (options.TopK is { } topK)
        {
            Property(writer, ref started, "topK", extras)?.WriteNumberValue(topK);
        }

        if (options.MaxOutputTokens is { } maxOutputTokens)
        {
            Property(writer, ref started, "maxOutputTokens", extras)?.WriteNumberValue(maxOutputTokens);
        }

        if (options.StopSequences is { Count: > 0 } stops && Property(writer, ref started, "stopSequences", extras) is { } stopWriter)
        {
            stopWriter.WriteStartArray();
            foreach (var stop in stops)
            {
                stopWriter.WriteStringValue(stop);
            }

            stopWriter.WriteEndArray();
        }

        if (options.Seed is { } seed)
        {
            Property(writer, ref started, "seed", extras)?.WriteNumberValue(seed);
        }

        if (options.PresencePenalty is { } presencePenalty)
        {
            Property(writer, ref started, "presencePenalty", extras)?.WriteNumberValue(presencePenalty);
        }

        if (options.FrequencyPenalty is { } frequencyPenalty)
        {
            Property(writer, ref started, "frequencyPenalty", extras)?.WriteNumberValue(frequencyPenalty);
        }

        // JSON mode: https://ai.google.dev/gemini-api/docs/structured-output
        if (options.ResponseFormat is ChatResponseFormatJson json)
        {
            Property(writer, ref started, "responseMimeType", extras)?.WriteStringValue("application/json");
            if (json.Schema is { } schema && Property(writer, ref started, "responseSchema", extras) is { } schemaWriter)
            {
                GeminiSchemaAdapter.AdaptSchema(schema).WriteTo(schemaWriter);
            }
        }

        if (options.Reasoning is { } reasoning && (reasoning.Effort is not null || reasoning.Output is not null)
            && Property(writer, ref started, "thinkingConfig", extras) is { } thinking)
        {
            WriteThinkingConfig(thinking, reasoning);
        }

        if (extras is not null)
        {
            foreach (var (key, value) in extras)
            {
                if (GenerationConfigFields.Contains(key))
                {
                    Begin(writer, ref started);
                    writer.WritePropertyName(key);
                    JsonValueWriter.Write(writer, value);
                }
            }
        }

        if (started)
        {
            writer.WriteEndObject();
        }

        // Starts the property unless the caller's AdditionalProperties will write it; returns the writer to continue with.
        static Utf8JsonWriter? Property(Utf8JsonWriter writer, ref bool started, string name, AdditionalPropertiesDictionary? extras)
        {
            if (Has(extras, name))
            {
                return null;
            }

            Begin(writer, ref started);
            writer.WritePropertyName(name);
            return writer;
        }

        static void Begin(Utf8JsonWriter writer, ref bool started)
        {
            if (!started)
            {
                writer.WriteStartObject("generationConfig");
                started = true;
            }
        }
    }

    /// <summary>
    /// <see cref="ReasoningOptions"/> in <c>thinkingConfig</c> terms (https://ai.google.dev/gemini-api/docs/thinking):
    /// output becomes <c>includeThoughts</c>; effort becomes Gemini 3's <c>thinkingLevel</c>, and "none" a zero
    /// <c>thinkingBudget</c> (the Gemini 2.5 way to turn thinking off). Other budgets: pass <c>thinkingConfig</c> itself
    /// in <see cref="ChatOptions.AdditionalProperties"/>, which replaces this.
    /// </summary>
    private static void WriteThinkingConfig(Utf8JsonWriter writer, ReasoningOptions reasoning)
    {
        writer.WriteStartObject();
        if (reasoning.Output is { } output)
        {
            writer.WriteBoolean("includeThoughts", output != ReasoningOutput.None);
        }

        switch (reasoning.Effort)
        {
            case ReasoningEffort.None:
                writer.WriteNumber("thinkingBudget", 0);
                break;
            case ReasoningEffort.Low:
                writer.WriteString("thinkingLevel", "low");
                break;
            case ReasoningEffort.Medium:
                writer.WriteString("thinkingLevel", "medium");
                break;
            case ReasoningEffort.High or ReasoningEffort.ExtraHigh:
                writer.WriteString("thinkingLevel", "high");
                break;
        }

        writer.WriteEndObject();
    }


    private static bool Has(AdditionalPropertiesDictionary? extras, string key) => extras?.ContainsKey(key) == true;
}
