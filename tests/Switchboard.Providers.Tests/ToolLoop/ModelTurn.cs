namespace Switchboard.Providers.Tests.ToolLoop;

/// <summary>What the scripted model streams for one request: tool calls, or a final answer.</summary>
internal sealed record ModelTurn(IReadOnlyList<ScriptedCall>? Calls, string? Answer)
{
    public static ModelTurn CallTools(params ScriptedCall[] calls) => new(calls, null);

    public static ModelTurn Say(string answer) => new(null, answer);
}
