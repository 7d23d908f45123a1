using System.Text.Json;

namespace Switchboard.Providers.Gemini;

/// <summary>
/// Writes the <c>contents</c> array part by part, opening a new <c>{"role", "parts"}</c> object only when the turn
/// changes, so consecutive messages of one turn become one content and messages without parts leave no trace.
/// </summary>
internal sealed class GeminiContentsWriter(Utf8JsonWriter writer)
{
    private string? _openRole;
    private bool _openForResults;

    public Utf8JsonWriter Writer { get; } = writer;

    /// <summary>Starts a part object (the caller writes its fields and ends it) in a content of <paramref name="role"/>.</summary>
    /// <param name="role"><c>user</c> or <c>model</c>.</param>
    /// <param name="results">
    /// Whether the part belongs to a message of function results only. Results are user content too, but they stay apart
    /// from user text: all responses to one turn's calls go in one content, and a following question starts its own.
    /// </param>
    public void BeginPart(string role, bool results = false)
    {
        if (!string.Equals(_openRole, role, StringComparison.Ordinal) || _openForResults != results)
        {
            Close();
            Writer.WriteStartObject();
            Writer.WriteString("role", role);
            Writer.WriteStartArray("parts");
            _openRole = role;
            _openForResults = results;
        }

        Writer.WriteStartObject();
    }

    /// <summary>Ends the open content, if any.</summary>
    public void Close()
    {
        if (_openRole is null)
        {
            return;
        }

        Writer.WriteEndArray();
        Writer.WriteEndObject();
        _openRole = null;
    }
}
