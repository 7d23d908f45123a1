using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Catalog;
using Switchboard.Configuration;
using Switchboard.Core.Routing;
using Switchboard.Core.Usage;
using Switchboard.Hosting;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Providers.Tests.Routing;

/// <summary>
/// The chain every surface gets from the host (<see cref="SwitchboardHost.GetChatClient"/>), pointed at emulators:
/// a route of real provider clients, each wrapped in cost tracking over a SQLite ledger in a temp folder.
/// </summary>
internal sealed class RoutedChain : IAsyncDisposable
{
    public const string ApiKey = "sk-routing-test-7d1e";

    /// <summary>The test catalog, USD per million tokens. Ollama models are free by nature; <c>-nope</c> models are not listed.</summary>
    public static readonly IReadOnlyDictionary<string, (decimal Input, decimal Output)> Prices = new Dictionary<string, (decimal, decimal)>
    {
        ["openai/gpt-test"] = (2.0m, 8.0m),
        ["anthropic/claude-test"] = (3.0m, 15.0m),
        ["gemini/gemini-test"] = (0.3m, 2.5m),
    };

    private readonly string _folder;
    private readonly SwitchboardSettings _settings = new()
    {
        Models = [.. Prices.Select(p => new ModelInfo { Id = p.Key, Pricing = new ModelPricing { Input = p.Value.Input, Output = p.Value.Output } })],
    };

    private readonly List<FaultScript> _emulators = [];
    private ServiceProvider? _services;

    private RoutedChain(string folder)
    {
        _folder = folder;
    }

    /// <summary>The host's ledger, once <see cref="Route"/> built the host.</summary>
    public IUsageLedger Ledger => Host.Ledger;

    /// <summary>The host, once <see cref="Route"/> built it.</summary>
    public SwitchboardHost Host => _services?.GetRequiredService<SwitchboardHost>() ?? throw new InvalidOperationException("Call Route first.");

    /// <summary>What a call with these token counts costs at the test prices.</summary>
    public static decimal CostOf(string model, long inputTokens, long outputTokens) =>
        ((inputTokens * Prices[model].Input) + (outputTokens * Prices[model].Output)) / 1_000_000m;

    private string DatabasePath => Path.Combine(_folder, "usage.db");

    public static Task<RoutedChain> OpenAsync() =>
        Task.FromResult(new RoutedChain(Path.Combine(Path.GetTempPath(), "switchboard-routing-" + Guid.NewGuid().ToString("N"))));

    /// <summary>Starts the emulator of one provider and configures the provider to reach it.</summary>
    public async Task<FaultScript> EmulateAsync(string provider, double? timeoutSeconds, params Func<HttpContext, RecordedRequest, Task>[] steps)
    {
        var emulator = await FaultScript.StartAsync(steps);
        _emulators.Add(emulator);
        var root = emulator.BaseAddress.ToString().TrimEnd('/');
        _settings.Providers[provider] = new ProviderSettings
        {
            // OpenAI's base URL carries the /v1 the others add themselves.
            BaseUrl = provider == "openai" ? root + "/v1" : root,
            ApiKey = ApiKey,
            TimeoutSeconds = timeoutSeconds,
        };
        return emulator;
    }

    public Task<FaultScript> EmulateAsync(string provider, params Func<HttpContext, RecordedRequest, Task>[] steps) => EmulateAsync(provider, null, steps);

    /// <summary>The host's client for a route over <paramref name="models"/>, in order, each through its own cost tracking.</summary>
    public IChatClient Route(RouterOptions options, params string[] models)
    {
        _settings.Routes["test-route"] = [.. models];
        var services = new ServiceCollection();
        services.AddSwitchboard(_settings, host =>
        {
            host.DatabasePath = DatabasePath;
            host.Router = options;
            host.Environment = _ => null;
        });
        _services = services.BuildServiceProvider();
        return Host.GetChatClient("test-route");
    }

    /// <summary>What <c>switchboard usage --by model</c> reads, once every queued record is stored.</summary>
    public async Task<IReadOnlyList<UsageSummaryRow>> SummaryAsync()
    {
        await Ledger.FlushAsync(TestContext.Current.CancellationToken);
        return await Ledger.SummarizeAsync(UsageGrouping.Model, DateTimeOffset.UnixEpoch, TestContext.Current.CancellationToken);
    }

    /// <summary>Every stored row in the order the attempts ended.</summary>
    public async Task<IReadOnlyList<LedgerRow>> RowsAsync()
    {
        await Ledger.FlushAsync(TestContext.Current.CancellationToken);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT model, outcome, streaming, usage_estimated, input_tokens, output_tokens, cost_usd FROM usage ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<LedgerRow>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(new LedgerRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetBoolean(2),
                reader.GetBoolean(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5),
                reader.IsDBNull(6) ? null : (decimal)reader.GetDouble(6)));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var emulator in _emulators)
        {
            await emulator.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
