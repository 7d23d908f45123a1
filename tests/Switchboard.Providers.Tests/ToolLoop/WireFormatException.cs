namespace Switchboard.Providers.Tests.ToolLoop;

/// <summary>A request the real API would refuse (a 400): the emulator found a tool-loop shape the protocol does not allow.</summary>
internal sealed class WireFormatException(string message) : Exception(message);
