namespace Switchboard.Providers.Tests.ToolLoop;

/// <summary>A tool call the scripted model makes: its id (for protocols that have call ids), the tool and the arguments as JSON text.</summary>
internal sealed record ScriptedCall(string Id, string Name, string ArgumentsJson);
