using System.Text.Json;
using Xunit;

namespace Switchboard.Cli.Tests;

/// <summary>
/// <c>switchboard chat -p ... --output-format json</c> against each provider's recorded transcript served over real
/// HTTP: the printed JSON must match shared/fixtures/expected.json.
/// </summary>
public sealed class ProviderEndToEndTests
{
    private static JsonElement Expected(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "expected.json")));
        return document.RootElement.EnumerateArray().First(e => e.GetProperty("file").GetString() == file).Clone();
    }

    public static TheoryData<string, string, string, string, string> Streams => new()
    {
        // fixture, model, path the client must call, environment variable for the key, base URL suffix
        { "openai/chat_stream_text.sse", "openai/gpt-4.1-mini", "/v1/chat/completions", "OPENAI_API_KEY", "/v1" },
        { "openai/chat_stream_tool_call.sse", "openai/gpt-4.1-mini", "/v1/chat/completions", "OPENAI_API_KEY", "/v1" },
        { "anthropic/stream_text.sse", "anthropic/claude-sonnet-4-5", "/v1/messages", "ANTHROPIC_API_KEY", "" },
        { "anthropic/stream_text_tool_use.sse", "anthropic/claude-sonnet-4-5", "/v1/messages", "ANTHROPIC_API_KEY", "" },
        { "gemini/stream_text.sse", "gemini/gemini-2.5-flash", ":streamGenerateContent", "GEMINI_API_KEY", "" },
        { "ollama/chat_stream_text.ndjson", "ollama/gemma3:1b", "/api/chat", "OLLAMA_KEY_UNUSED", "" },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public async Task Print_json_matches_the_recorded_transcript(string fixture, string model, string path, string keyVariable, string suffix)
    {
        await using var server = await FixtureServer.StartAsync();
        server.Route(path, fixture, contentType: fixture.EndsWith(".ndjson", StringComparison.Ordinal) ? "application/x-ndjson" : "text/event-stream");
        var env = new Dictionary<string, string> { [keyVariable] = "sk-test-secret-key" };
        var run = await CliRun.RunAsync(["chat", "-m", model, "--base-url", server.BaseAddress + suffix.TrimStart('/'), "-p", "hello", "--output-format", "json"], env);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stdout} {run.Stderr}");
        var expected = Expected(fixture);
        var json = run.Json;
        Assert.Equal(model, json.GetProperty("model").GetString());
        Assert.Equal(expected.GetProperty("text").GetString(), json.GetProperty("text").GetString());
        Assert.Equal(expected.GetProperty("finish_reason").GetString(), json.GetProperty("finish_reason").GetString());
        Assert.Equal(expected.GetProperty("input_tokens").GetInt32(), json.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(expected.GetProperty("output_tokens").GetInt32(), json.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        var expectedCalls = expected.GetProperty("tool_calls").EnumerateArray().ToList();
        var calls = json.GetProperty("tool_calls").EnumerateArray().ToList();
        Assert.Equal(expectedCalls.Count, calls.Count);
        for (var i = 0; i < calls.Count; i++)
        {
            Assert.Equal(expectedCalls[i].GetProperty("id").GetString(), calls[i].GetProperty("id").GetString());
            Assert.Equal(expectedCalls[i].GetProperty("name").GetString(), calls[i].GetProperty("name").GetString());
            Assert.True(JsonElement.DeepEquals(expectedCalls[i].GetProperty("arguments"), calls[i].GetProperty("arguments")));
        }

        Assert.Contains(server.Requests, p => p.Contains(path, StringComparison.Ordinal));
        Assert.DoesNotContain("sk-test-secret-key", run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task Stream_json_delivers_text_events_as_the_transcript_arrives()
    {
        await using var server = await FixtureServer.StartAsync();
        server.Route("/v1/messages", "anthropic/stream_text.sse");
        var run = await CliRun.RunAsync(
            ["chat", "-m", "anthropic/claude-sonnet-4-5", "--base-url", server.BaseAddress.ToString(), "-p", "count", "--output-format", "stream-json"],
            new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "k" });
        Assert.Equal(0, run.ExitCode);
        var texts = run.JsonLines.Where(e => e.GetProperty("type").GetString() == "text").Select(e => e.GetProperty("text").GetString()).ToList();
        Assert.True(texts.Count > 1);
        Assert.Equal("1\n2\n3\n4\n5", string.Concat(texts));
        Assert.Equal("end_turn", run.JsonLines[^1].GetProperty("finish_reason").GetString());
    }

    [Theory]
    [InlineData("openai/error_429_rate_limit.json", 429, "openai/gpt-4.1-mini", "/v1/chat/completions", "OPENAI_API_KEY", "/v1", "rate_limited", 3)]
    [InlineData("anthropic/error_529_overloaded.json", 529, "anthropic/claude-sonnet-4-5", "/v1/messages", "ANTHROPIC_API_KEY", "", "overloaded", 3)]
    [InlineData("gemini/error_429_resource_exhausted.json", 429, "gemini/gemini-2.5-flash", ":streamGenerateContent", "GEMINI_API_KEY", "", "rate_limited", 3)]
    [InlineData("ollama/error_400_tools_not_supported.json", 400, "ollama/gemma3:1b", "/api/chat", "UNUSED", "", "invalid_request", 1)]
    public async Task Provider_errors_are_retried_then_reported_as_json(string fixture, int status, string model, string path, string keyVariable, string suffix, string kind, int attempts)
    {
        await using var server = await FixtureServer.StartAsync();
        server.Route(path, fixture, status);
        var home = Directory.CreateTempSubdirectory("switchboard-cli-errors-").FullName;
        try
        {
            var run = await CliRun.RunAsync(
                ["chat", "-m", model, "--base-url", server.BaseAddress + suffix.TrimStart('/'), "-p", "hi", "--output-format", "json"],
                new Dictionary<string, string> { [keyVariable] = "sk-secret" },
                homeDirectory: home);

            Assert.Equal(1, run.ExitCode);
            var error = run.Json.GetProperty("error");
            Assert.Equal(kind, error.GetProperty("kind").GetString());
            Assert.Equal(status, error.GetProperty("status").GetInt32());
            Assert.Equal(Expected(fixture).GetProperty("error_message").GetString(), error.GetProperty("message").GetString());
            Assert.Equal(attempts, server.Requests.Count);

            // Every attempt is a row in the ledger.
            var usage = (await CliRun.RunAsync(["usage", "--by", "model", "--json"], homeDirectory: home)).Json;
            var row = Assert.Single(usage.GetProperty("rows").EnumerateArray());
            Assert.Equal(attempts, row.GetProperty("calls").GetInt32());
            Assert.Equal(attempts, row.GetProperty("failed_calls").GetInt32());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task A_configured_route_falls_back_to_the_next_provider()
    {
        await using var server = await FixtureServer.StartAsync();
        server.Route("/v1/messages", "anthropic/error_529_overloaded.json", 529);
        server.Route(":streamGenerateContent", "gemini/stream_text.sse");
        var config = Path.Combine(Path.GetTempPath(), $"switchboard-route-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "routes": { "smart": ["anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"] },
              "providers": {
                "anthropic": { "api_key": "a", "base_url": "{{server.BaseAddress}}" },
                "gemini": { "api_key": "g", "base_url": "{{server.BaseAddress}}" }
              }
            }
            """, TestContext.Current.CancellationToken);
        try
        {
            var run = await CliRun.RunAsync(["chat", "--config", config, "-m", "smart", "-p", "Capital of Wyoming?", "--output-format", "json"]);
            Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
            Assert.Equal("smart", run.Json.GetProperty("model").GetString());
            Assert.Equal("gemini/gemini-2.5-flash", run.Json.GetProperty("served_by").GetString());
            Assert.Equal("The capital of Wyoming is **Cheyenne**.\n", run.Json.GetProperty("text").GetString());
            Assert.Equal(3, server.Requests.Count(p => p.Contains("/v1/messages", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(config);
        }
    }
}
