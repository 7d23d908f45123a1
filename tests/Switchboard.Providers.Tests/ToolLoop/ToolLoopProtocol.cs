using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Providers.Tests.Infrastructure;

namespace Switchboard.Providers.Tests.ToolLoop;

/// <summary>
/// One wire protocol as the scripted model speaks it: how a turn with tool calls and a text turn are streamed, and how
/// the tool results of the next request are found and checked the way the real API checks them.
/// </summary>
internal abstract class ToolLoopProtocol
{
    public static readonly IReadOnlyDictionary<string, ToolLoopProtocol> All = new Dictionary<string, ToolLoopProtocol>
    {
        ["openai"] = new OpenAIToolLoopProtocol(),
        ["anthropic"] = new AnthropicToolLoopProtocol(),
        ["gemini"] = new GeminiToolLoopProtocol(),
        ["ollama"] = new OllamaToolLoopProtocol(),
    };

    public abstract string ContentType { get; }

    /// <summary>Whether the model names its calls and wants the ids back on the results (OpenAI, Anthropic).</summary>
    public abstract bool HasCallIds { get; }

    /// <summary>Whether a failed result is marked as such on the wire (Anthropic is_error, Gemini's error key), not only in its text.</summary>
    public abstract bool HasErrorFlag { get; }

    /// <summary>The path and query every streaming request must go to.</summary>
    public abstract string ExpectedPath { get; }

    public abstract IChatClient CreateClient(EmulatorServer server);

    /// <summary>The whole streamed body of a model turn that asks for <paramref name="calls"/> at once.</summary>
    public abstract string ToolCallTurn(int turn, IReadOnlyList<ScriptedCall> calls);

    /// <summary>The whole streamed body of a model turn that answers in text.</summary>
    public abstract string TextTurn(int turn, string text);

    /// <summary>The status and body the API answers a malformed request with.</summary>
    public abstract (int Status, string Body) Rejection(string message);

    /// <summary>
    /// The tool results the request ends with (none on a first turn), after checking every call/result pairing in
    /// the history as the real API would.
    /// </summary>
    /// <exception cref="WireFormatException">The real API would reject the request.</exception>
    public abstract IReadOnlyList<WireToolResult> ReadToolResults(JsonElement request);

    /// <summary>A JSON string literal.</summary>
    protected static string Str(string value) =>
        "\"" + JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";

    /// <summary>Splits JSON text into the small fragments models stream arguments in.</summary>
    protected static IEnumerable<string> Fragments(string text, int size = 5)
    {
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }

    /// <summary>Splits answer text into word-sized deltas, spaces kept.</summary>
    protected static IEnumerable<string> Words(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            builder.Append(c);
            if (c == ' ')
            {
                yield return builder.ToString();
                builder.Clear();
            }
        }

        if (builder.Length > 0)
        {
            yield return builder.ToString();
        }
    }

    protected static JsonElement Require(JsonElement element, string name, JsonValueKind kind, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            throw new WireFormatException($"{where}: '{name}' is missing.");
        }

        if (value.ValueKind != kind)
        {
            throw new WireFormatException($"{where}: '{name}' is {value.ValueKind}, not {kind}.");
        }

        return value;
    }

    protected static string RequireString(JsonElement element, string name, string where) =>
        Require(element, name, JsonValueKind.String, where).GetString()!;

    protected static JsonElement RequireArray(JsonElement element, string name, string where) =>
        Require(element, name, JsonValueKind.Array, where);

    protected static JsonElement RequireObject(JsonElement element, string name, string where) =>
        Require(element, name, JsonValueKind.Object, where);

    /// <summary>A result's value as the model reads it: strings as they are, anything else as its JSON text.</summary>
    protected static string TextOf(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
