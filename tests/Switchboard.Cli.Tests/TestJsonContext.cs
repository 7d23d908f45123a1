using System.Text.Json.Serialization;

namespace Switchboard.Cli.Tests;

[JsonSerializable(typeof(string))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
