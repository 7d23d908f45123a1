using Switchboard.Core.Configuration;
using Switchboard.Core.Providers;
using Switchboard.Local;

namespace Switchboard.Cli.Hosting;

/// <summary>Every provider protocol the CLI can talk to.</summary>
internal static class ProviderCatalog
{
    public static IReadOnlyList<IProviderFactory> CreateFactories() =>
    [
        new LocalProviderFactory(),
    ];

    public static ProviderRegistry CreateRegistry(SwitchboardSettings settings) => new(settings, CreateFactories());
}
