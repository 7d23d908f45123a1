using Xunit;

namespace Switchboard.Cli.Tests;

/// <summary>The response cache and budgets as configured in the config file, through the CLI.</summary>
public sealed class CacheAndBudgetTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("switchboard-cache-budget-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_home, recursive: true);
    }

    private string Config(string json)
    {
        var path = Path.Combine(_home, "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task A_budget_refuses_before_sending_and_says_which_limit()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync();
        server.EnqueueText("should not be sent");
        var config = Config("""{ "budget": { "daily_usd": 0.000001 } }""");
        var run = await CliRun.RunAsync(
            ["chat", "--config", config, "-m", "openai/gpt-4.1", "--base-url", server.BaseUrl, "-p", "hi", "--max-tokens", "100", "--output-format", "json"],
            new Dictionary<string, string> { ["OPENAI_API_KEY"] = "k" }, homeDirectory: _home);
        Assert.Equal(1, run.ExitCode);
        var error = run.Json.GetProperty("error");
        Assert.Equal("budget_exceeded", error.GetProperty("kind").GetString());
        Assert.Contains("daily budget", error.GetProperty("message").GetString());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Over_budget_requests_switch_to_the_configured_cheaper_model()
    {
        var config = Config("""{ "budget": { "daily_usd": 0.000001, "fallback_model": "local/stories260K" } }""");
        await using var server = await ScriptedOpenAIServer.StartAsync();
        var run = await CliRun.RunAsync(
            ["chat", "--config", config, "-m", "openai/gpt-4.1", "--base-url", server.BaseUrl, "-p", "Once upon a time", "--max-tokens", "10", "--output-format", "json"],
            new Dictionary<string, string> { ["OPENAI_API_KEY"] = "k" }, homeDirectory: _home);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("local/stories260K", run.Json.GetProperty("served_by").GetString());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_cached_answer_is_served_again_from_redis_without_a_request_and_no_cache_bypasses_it()
    {
        await using var redis = await Switchboard.Core.Tests.RedisServer.StartAsync();
        var config = Config($$"""{ "cache": { "enabled": true, "redis": "{{redis.Configuration}}" } }""");
        await using var server = await ScriptedOpenAIServer.StartAsync();
        server.EnqueueText("first answer");
        server.EnqueueText("second answer");
        var env = new Dictionary<string, string> { ["OPENAI_API_KEY"] = "k" };
        string[] Args(params string[] extra) => ["chat", "--config", config, "-m", "openai/gpt-4.1", "--base-url", server.BaseUrl, "-p", "same question", "--output-format", "json", .. extra];

        // Each run is a new process-like session with its own memory cache: the second run's hit comes from Redis.
        var first = await CliRun.RunAsync(Args(), env, homeDirectory: _home);
        var hit = await CliRun.RunAsync(Args(), env, homeDirectory: _home);
        Assert.Equal("first answer ", first.Json.GetProperty("text").GetString());
        Assert.Equal("first answer ", hit.Json.GetProperty("text").GetString());
        Assert.Single(server.Requests);

        var bypass = await CliRun.RunAsync(Args("--no-cache"), env, homeDirectory: _home);
        Assert.Equal("second answer ", bypass.Json.GetProperty("text").GetString());
        Assert.Equal(2, server.Requests.Count);

        // The hit cost nothing and was not a provider call: the ledger has the two real calls only.
        var usage = (await CliRun.RunAsync(["usage", "--json"], homeDirectory: _home)).Json;
        Assert.Equal(2, usage.GetProperty("total").GetProperty("calls").GetInt32());
    }
}
