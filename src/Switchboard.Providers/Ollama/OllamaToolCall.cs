namespace Switchboard.Providers.Ollama;

/// <summary>One entry of <c>message.tool_calls</c>: Ollama sends each call whole, arguments as a JSON object.</summary>
/// <param name="Id">The call id (recent Ollama versions send one, e.g. <c>call_mo1wm122</c>); null from older servers.</param>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">The arguments, each value a <see cref="System.Text.Json.JsonElement"/>.</param>
/// <param name="ArgumentsError">Why the arguments could not be read, when they were not a JSON object.</param>
internal sealed record OllamaToolCall(string? Id, string Name, IDictionary<string, object?> Arguments, Exception? ArgumentsError = null);
