using System.Text.Json;

namespace Switchboard.Providers.Gemini;

/// <summary>
/// Writes the <c>contents</c> array part by part, opening a new <c>{"role", "parts"}</c> object only when the role
/// changes, so consecutive messages of one role become one content and messages without parts leave no trace.
/// </summary>
internal sealed class GeminiContentsWriter(Utf8JsonWriter writer)
{
    private string? _openRole;

    public Utf8JsonWriter Writer { get; } = writer;

    /// <summary>Starts a part object (the caller writes its fields and ends it) in a content of <paramref name="role"/>.</summary>
    public void BeginPart(string role)
    {
        if (!string.Equals(_openRole, role, StringComparison.Ordinal))
        {
            Close();
            Writer.WriteStartObject();
            Writer.WriteString("role", role);
            Writer.WriteStartArray("parts");
            _openRole = role;
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
