namespace Switchboard.Context.Tokens;

/// <summary>
/// What tool definitions cost in a request. OpenAI renders function definitions into the prompt in a format it does
/// not publish; its cookbook ("Counting tokens for chat completions with tool calls") gives the rule reproduced
/// here, which matched the API's own counts for gpt-4o/gpt-4o-mini (o200k) and gpt-4/gpt-3.5-turbo (cl100k):
/// per function <see cref="FunctionInit"/> plus <c>name:description</c>; per parameter list
/// <see cref="PropertyInit"/>; per parameter <see cref="PropertyKey"/> plus <c>name:type:description</c>; per enum
/// <see cref="EnumInit"/> plus <see cref="EnumItem"/> and the value per item; <see cref="FunctionEnd"/> once.
/// </summary>
/// <param name="FunctionInit">Tokens at the start of each function.</param>
/// <param name="PropertyInit">Tokens at the start of a function's parameter list.</param>
/// <param name="PropertyKey">Tokens per parameter.</param>
/// <param name="EnumInit">Tokens for a parameter with an enum (negative: the enum replaces part of the line).</param>
/// <param name="EnumItem">Tokens per enum value, besides the value itself.</param>
/// <param name="FunctionEnd">Tokens once after all functions.</param>
/// <param name="SchemaAsJson">Count each definition as its JSON schema text instead (families whose rendering is unknown).</param>
public sealed record ToolTokenRule(int FunctionInit, int PropertyInit, int PropertyKey, int EnumInit, int EnumItem, int FunctionEnd, bool SchemaAsJson)
{
    /// <summary>The cookbook's constants for o200k models (gpt-4o, gpt-4o-mini).</summary>
    public static ToolTokenRule OpenAIO200k { get; } = new(7, 3, 3, -3, 3, 12, SchemaAsJson: false);

    /// <summary>The cookbook's constants for cl100k models (gpt-4, gpt-3.5-turbo).</summary>
    public static ToolTokenRule OpenAICl100k { get; } = new(10, 3, 3, -3, 3, 12, SchemaAsJson: false);

    /// <summary>Name, description and the JSON schema as text, plus OpenAI's fixed overheads; calibration corrects the rest.</summary>
    public static ToolTokenRule JsonSchema { get; } = new(10, 0, 0, 0, 0, 12, SchemaAsJson: true);
}
