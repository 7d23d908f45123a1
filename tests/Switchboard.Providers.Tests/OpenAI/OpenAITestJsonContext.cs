using System.Text.Json.Serialization;

namespace Switchboard.Providers.Tests.OpenAI;

/// <summary>Source-generated JSON for the few values the OpenAI tests serialize (reflection JSON is off in tests).</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class OpenAITestJsonContext : JsonSerializerContext;
