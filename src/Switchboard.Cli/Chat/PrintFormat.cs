namespace Switchboard.Cli.Chat;

/// <summary>The values of <c>--output-format</c>.</summary>
internal static class PrintFormat
{
    public const string Text = "text";
    public const string Json = "json";
    public const string StreamJson = "stream-json";
}
