using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Switchboard.Core.Catalog;
using Switchboard.Configuration;
using Switchboard.Core.Middleware;
using Switchboard.Models;
using Switchboard.Core.Routing;
using Switchboard.Core.Usage;
using Switchboard.Providers.Anthropic;
using Switchboard.Providers.Gemini;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.OpenAI;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Providers.Tests.Routing;

/// <summary>
/// The chain the CLI builds (ChatSetup.CreateClient), pointed at emulators: per target the real provider client from
/// the provider registry, wrapped in cost tracking over a SQLite ledger in a temp folder, all under one router.
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

    private static readonly ModelCatalog Catalog = new(ModelCatalog.Parse(
        "{ \"models\": [" + string.Join(", ", Prices.Select(p => string.Create(
            CultureInfo.InvariantCulture,
            $$"""{ "id": "{{p.Key}}", "pricing": { "input": {{p.Value.Input}}, "output": {{p.Value.Output}} } }"""))) + "] }"));

    private readonly string _folder;
    private readonly SwitchboardSettings _settings = new();
    private readonly List<FaultScript> _emulators = [];
    private ModelRouterChatClient? _router;

    private RoutedChain(string folder, SqliteUsageLedger ledger)
    {
        _folder = folder;
        Ledger = ledger;
    }

    public SqliteUsageLedger Ledger { get; }

    /// <summary>What a call with these token counts costs at the test prices.</summary>
    public static decimal CostOf(string model, long inputTokens, long outputTokens) =>
        ((inputTokens * Prices[model].Input) + (outputTokens * Prices[model].Output)) / 1_000_000m;

    private string DatabasePath => Path.Combine(_folder, "usage.db");

    public static async Task<RoutedChain> OpenAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "switchboard-routing-" + Guid.NewGuid().ToString("N"));
        return new RoutedChain(folder, await SqliteUsageLedger.OpenAsync(Path.Combine(folder, "usage.db")));
    }

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

    /// <summary>The router over <paramref name="models"/>, in order, each through its own cost tracking.</summary>
    public ModelRouterChatClient Route(RouterOptions options, params string[] models)
    {
        var registry = new ProviderRegistry(_settings, [new OpenAIProviderFactory(), new AnthropicProviderFactory(), new GeminiProviderFactory(), new OllamaProviderFactory()]);
        var targets = models.Select(ModelId.Parse).Select(model =>
            new RouteTarget(model, new ChatClientBuilder(registry.CreateClient(model)).UseCostTracking(Ledger, Catalog, model).Build())).ToList();
        _router = new ModelRouterChatClient("test-route", targets, options);
        return _router;
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
        _router?.Dispose();
        foreach (var emulator in _emulators)
        {
            await emulator.DisposeAsync();
        }

        await Ledger.DisposeAsync();
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
