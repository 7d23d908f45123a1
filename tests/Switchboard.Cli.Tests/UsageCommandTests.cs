using Xunit;

namespace Switchboard.Cli.Tests;

public sealed class UsageCommandTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("switchboard-usage-test-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public async Task Every_chat_call_is_in_the_ledger_and_reported()
    {
        Assert.Equal(0, (await CliRun.RunAsync(["chat", "-p", "Once upon a time", "--max-tokens", "8"], homeDirectory: _home)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(["chat", "-p", "Lily", "--max-tokens", "6", "--output-format", "json"], homeDirectory: _home)).ExitCode);
        Assert.NotEqual(0, (await CliRun.RunAsync(["chat", "-m", "local/missing", "-p", "x"], homeDirectory: _home)).ExitCode);

        var json = (await CliRun.RunAsync(["usage", "--by", "model", "--json"], homeDirectory: _home)).Json;
        Assert.Equal("model", json.GetProperty("group_by").GetString());
        var row = Assert.Single(json.GetProperty("rows").EnumerateArray());
        Assert.Equal("local/stories260K", row.GetProperty("key").GetString());
        Assert.Equal(2, row.GetProperty("calls").GetInt32());
        Assert.Equal(0, row.GetProperty("failed_calls").GetInt32());
        Assert.InRange(row.GetProperty("output_tokens").GetInt32(), 2, 14);
        Assert.Equal(0m, row.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(0, row.GetProperty("unpriced_calls").GetInt32());
        Assert.Equal(2, json.GetProperty("total").GetProperty("calls").GetInt32());

        var text = await CliRun.RunAsync(["usage", "--by", "provider"], homeDirectory: _home);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("local", text.Stdout);
        Assert.Contains("total", text.Stdout);
        Assert.Contains("cost (USD)", text.Stdout);
    }

    [Fact]
    public async Task An_empty_ledger_says_so()
    {
        var run = await CliRun.RunAsync(["usage"], homeDirectory: _home);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("no calls recorded", run.Stdout);
    }

    [Fact]
    public async Task Json_result_reports_cost_for_free_local_models_as_zero()
    {
        var run = await CliRun.RunAsync(["chat", "-p", "Lily", "--max-tokens", "4", "--output-format", "json"], homeDirectory: _home);
        Assert.Equal(0m, run.Json.GetProperty("cost_usd").GetDecimal());
    }
}
