using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Configuration;
using Switchboard.Hosting;

namespace Switchboard.Benchmarks;

/// <summary>
/// One host, built exactly as every surface builds it (<c>services.AddSwitchboard(settings)</c>), whose provider
/// calls go to an in-memory recorded answer, with its database in a temp folder. Disposing drains its ledger.
/// </summary>
public sealed class HostedStack : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _folder;

    public HostedStack(SwitchboardSettings settings, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _folder = Directory.CreateTempSubdirectory("switchboard-bench-").FullName;
        var services = new ServiceCollection();
        services.AddSwitchboard(settings, host =>
        {
            host.HttpClient = http;
            host.DatabasePath = Path.Combine(_folder, "usage.db");
            host.Environment = _ => null;
        });
        _services = services.BuildServiceProvider();
        Host = _services.GetRequiredService<SwitchboardHost>();
    }

    public SwitchboardHost Host { get; }

    /// <summary>The host's client for a model or route.</summary>
    public IChatClient Client(string model) => Host.GetChatClient(model);

    /// <summary>Provider calls the ledger holds, once every queued record is stored.</summary>
    public async Task<long> RecordedCallsAsync()
    {
        await Host.Ledger.FlushAsync().ConfigureAwait(false);
        var rows = await Host.Ledger.SummarizeAsync(Core.Usage.UsageGrouping.Provider, DateTimeOffset.UnixEpoch).ConfigureAwait(false);
        return rows.Sum(r => r.Calls);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
