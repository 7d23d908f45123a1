using System.Text.Json.Serialization;

namespace Switchboard.Completion.Evaluation;

/// <summary>
/// One evaluation case: a real source file, a cursor in it, and the text the original file has at the cursor. The
/// task shown to the model is the file with <see cref="Expected"/> removed at the cursor; the ideal completion puts
/// it back. Stored one per line in <c>cases.jsonl</c> (or one per <c>.json</c> file in a <c>cases/</c> folder).
/// </summary>
public sealed record CompletionCase
{
    /// <summary>A unique id (<c>python-json-decoder-line-0003</c>).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The language id (<c>python</c>, <c>typescript</c>, <c>csharp</c>).</summary>
    [JsonPropertyName("language")]
    public required string Language { get; init; }

    /// <summary>What was masked: <c>line</c>, <c>line-end</c> or <c>block</c> (see <see cref="CaseKinds"/>).</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>The original file, relative to the dataset folder (<c>sources/…</c>); or null with <see cref="Contents"/>.</summary>
    [JsonPropertyName("file")]
    public string? File { get; init; }

    /// <summary>The original file's text inline, for small hand-written cases.</summary>
    [JsonPropertyName("contents")]
    public string? Contents { get; init; }

    /// <summary>The file name the editor would show (its extension gives the language); defaults to <see cref="File"/>.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    /// <summary>The cursor line, 0-based, in the original file.</summary>
    [JsonPropertyName("line")]
    public required int Line { get; init; }

    /// <summary>The cursor column (UTF-16), 0-based.</summary>
    [JsonPropertyName("column")]
    public required int Column { get; init; }

    /// <summary>The text that follows the cursor in the original file and is removed for the task.</summary>
    [JsonPropertyName("expected")]
    public required string Expected { get; init; }

    /// <summary>Where the file comes from.</summary>
    [JsonPropertyName("origin")]
    public required CaseOrigin Origin { get; init; }
}
