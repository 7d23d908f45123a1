using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Context.Tokens;

/// <summary>The text a provider sends for a content: what its tokens are counted from.</summary>
internal static class ContentText
{
    private static readonly JsonWriterOptions CompactWriter = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The content as sent: text, a tool call's name and JSON arguments, a tool result's text. Null for content that
    /// is not text (images, files), which is estimated separately, and for content that is never sent (usage).
    /// </summary>
    public static string? Of(AIContent content, JsonSerializerOptions jsonOptions) => content switch
    {
        TextContent text => text.Text,
        TextReasoningContent reasoning => reasoning.Text,
        FunctionCallContent call => call.Name + " " + ArgumentsJson(call, jsonOptions),
        FunctionResultContent result => ResultText(result.Result, jsonOptions),
        ErrorContent error => error.Message,
        UsageContent => null,
        DataContent or UriContent => null,
        _ => null,
    };

    /// <summary>A tool call's arguments as the JSON object providers send.</summary>
    public static string ArgumentsJson(FunctionCallContent call, JsonSerializerOptions jsonOptions) =>
        call.Arguments is null ? "{}" : SerializeOrDescribe(call.Arguments, typeof(IDictionary<string, object?>), jsonOptions);

    /// <summary>A tool result as the text providers send: a string as is, anything else as JSON.</summary>
    public static string ResultText(object? result, JsonSerializerOptions jsonOptions) => result switch
    {
        null => "",
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString() ?? "",
        JsonElement element => element.GetRawText(),
        _ => SerializeOrDescribe(result, result.GetType(), jsonOptions),
    };

    // Arguments go by their declared type (IDictionary<string, object?>), which the AI options know; a concrete
    // Dictionary<,> may not be in a source-generated resolver.
    private static string SerializeOrDescribe(object value, Type type, JsonSerializerOptions jsonOptions)
    {
        try
        {
            // Compact and relaxed, as the provider clients write request bodies (the AI options indent).
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, CompactWriter))
            {
                JsonSerializer.Serialize(writer, value, jsonOptions.GetTypeInfo(type));
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException)
        {
            // A result type the options cannot serialize is sent by the tool layer as its string form.
            return value.ToString() ?? "";
        }
    }
}
