namespace Switchboard.LanguageServer.Protocol;

/// <summary><c>window/logMessage</c>: 1 error, 2 warning, 3 info, 4 log.</summary>
public sealed record LogMessageParams(int Type, string Message);
