using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Tests.Anthropic;

/// <summary>A function declaration with additional properties (such as a cache breakpoint), which the factory ones cannot carry.</summary>
internal sealed class AnthropicTestToolDeclaration(string name, JsonElement schema, IReadOnlyDictionary<string, object?> properties)
    : AIFunctionDeclaration
{
    public override string Name => name;

    public override JsonElement JsonSchema => schema;

    public override IReadOnlyDictionary<string, object?> AdditionalProperties => properties;
}
