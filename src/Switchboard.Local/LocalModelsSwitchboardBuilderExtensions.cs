using Switchboard.Hosting;

namespace Switchboard.Local;

/// <summary><c>services.AddSwitchboard(settings).AddLocalModels()</c>.</summary>
public static class LocalModelsSwitchboardBuilderExtensions
{
    /// <summary>Adds the <c>local</c> protocol: GGUF models in this process, and the offline default model.</summary>
    public static ISwitchboardBuilder AddLocalModels(this ISwitchboardBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddProvider(LocalProviderDescriptor.Instance);
    }
}
