using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.Configuration;
using Switchboard.Hosting;
using Switchboard.Local;
using Switchboard.Providers;

namespace Switchboard.Cli.Hosting;

/// <summary>
/// The CLI's host: the same <see cref="SwitchboardHost"/> every surface uses, with the offline local models added,
/// logs on standard error (warnings always, everything with <c>--verbose</c>) and the data folder of the console's
/// environment. The CLI composes nothing itself.
/// </summary>
internal sealed class CliHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CliHost(ServiceProvider services, SwitchboardHost host)
    {
        _services = services;
        Host = host;
    }

    /// <summary>Every protocol the CLI speaks: the host's four HTTP protocols and in-process models.</summary>
    public static IReadOnlyList<ProviderDescriptor> Descriptors { get; } = [.. SwitchboardServiceCollectionExtensions.DefaultProviders, LocalProviderDescriptor.Instance];

    public SwitchboardHost Host { get; }

    /// <summary>Loads the config file and the environment for the CLI's protocols.</summary>
    /// <exception cref="SettingsLoadException">The file cannot be read.</exception>
    public static SwitchboardSettings LoadSettings(CliConsole console, string? configPath) =>
        SwitchboardSettingsLoader.Load(configPath, console.GetEnvironmentVariable, Descriptors);

    /// <summary>Builds the host; settings are validated here, before anything is sent.</summary>
    /// <param name="console">Standard streams and environment.</param>
    /// <param name="settings">The settings, flags already applied.</param>
    /// <param name="verbose">Whether debug logs (each call, retry and cache decision) are shown.</param>
    /// <param name="extra">Test hooks: more protocols, an HTTP client.</param>
    /// <exception cref="SwitchboardConfigurationException">A setting cannot work.</exception>
    public static CliHost Create(CliConsole console, SwitchboardSettings settings, bool verbose, Action<ISwitchboardBuilder, SwitchboardHostOptions>? extra = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning);

            // Microsoft.Extensions.AI's logging and telemetry report each failed call; the CLI reports the error itself.
            logging.AddFilter("Microsoft.Extensions.AI", verbose ? LogLevel.Debug : LogLevel.None);
            logging.AddProvider(new CliLoggerProvider(console.Error));
        });
        var options = new SwitchboardHostOptions
        {
            Environment = console.GetEnvironmentVariable,
            DatabasePath = SwitchboardPaths.UsageDatabase(console.GetEnvironmentVariable),

            // Image links on plain http to this machine (a local image server) may be downloaded for providers that
            // cannot fetch links only when asked; otherwise only https links are.
            AllowInsecureLoopbackImageDownloads = console.GetEnvironmentVariable("SWITCHBOARD_ALLOW_LOOPBACK_IMAGE_URLS") == "1",
        };
        var builder = services.AddSwitchboard(settings, o =>
        {
            o.Environment = options.Environment;
            o.DatabasePath = options.DatabasePath;
            o.HttpClient = options.HttpClient;
            o.AllowInsecureLoopbackImageDownloads = options.AllowInsecureLoopbackImageDownloads;
        }).AddLocalModels();
        extra?.Invoke(builder, options);
        var provider = services.BuildServiceProvider();
        try
        {
            return new CliHost(provider, provider.GetRequiredService<SwitchboardHost>());
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    /// <summary>Drains the ledger (no call goes unrecorded) and releases everything.</summary>
    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _services.DisposeAsync();
    }
}
