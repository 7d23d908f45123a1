using System.Text.Json.Serialization;

namespace Switchboard.Configuration;

[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(SwitchboardSettings))]
internal sealed partial class SettingsJsonContext : JsonSerializerContext;
