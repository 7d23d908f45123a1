using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Switchboard.Context.Tests;

/// <summary>A custom content type, standing in for the images library's image reference.</summary>
internal sealed class StickerContent(string name) : AIContent
{
    [JsonPropertyName("name")]
    public string Name { get; } = name;

    public override string ToString() => Name;
}
