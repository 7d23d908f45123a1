namespace Switchboard.Providers.Tests.ToolLoop;

/// <summary>
/// One tool result as a request carried it back on the wire. <see cref="IsError"/> is null for protocols that have
/// no error flag (OpenAI, Ollama), where a failure is only said in the text.
/// </summary>
internal sealed record WireToolResult(string? CallId, string Name, string Content, bool? IsError);
