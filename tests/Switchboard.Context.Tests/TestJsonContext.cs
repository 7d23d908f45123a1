using System.Text.Json.Serialization;

namespace Switchboard.Context.Tests;

[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(Dictionary<string, int[]>))]
[JsonSerializable(typeof(StickerContent))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
