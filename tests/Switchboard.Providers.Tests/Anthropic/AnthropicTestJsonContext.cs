using System.Text.Json.Serialization;

namespace Switchboard.Providers.Tests.Anthropic;

/// <summary>Source-generated contracts for the few values the Anthropic tests serialize (reflection JSON is off).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class AnthropicTestJsonContext : JsonSerializerContext;
