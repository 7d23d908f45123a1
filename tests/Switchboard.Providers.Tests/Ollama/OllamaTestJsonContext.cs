using System.Text.Json.Serialization;

namespace Switchboard.Providers.Tests.Ollama;

/// <summary>Source-generated JSON for the few values the tests encode (reflection JSON is off in this project).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class OllamaTestJsonContext : JsonSerializerContext;
