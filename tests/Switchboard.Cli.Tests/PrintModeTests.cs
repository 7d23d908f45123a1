using System.Text.Json;
using Xunit;

namespace Switchboard.Cli.Tests;

/// <summary><c>switchboard chat -p</c> on the offline default model: the scripting contract.</summary>
public sealed class PrintModeTests
{
    [Fact]
    public async Task Without_keys_the_offline_model_answers_in_text()
    {
        var run = await CliRun.RunAsync(["chat", "-p", "Once upon a time", "--max-tokens", "30"]);
        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Stdout.Trim().Length > 10, $"stdout: '{run.Stdout}', stderr: '{run.Stderr}'");
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Json_output_has_the_documented_shape()
    {
        var run = await CliRun.RunAsync(["chat", "-p", "Once upon a time", "--max-tokens", "12", "--output-format", "json", "--temperature", "0.5"]);
        Assert.Equal(0, run.ExitCode);
        var json = run.Json;
        Assert.Equal("local/stories260K", json.GetProperty("model").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("text").GetString()));
        Assert.Equal(JsonValueKind.String, json.GetProperty("reasoning").ValueKind);
        Assert.Equal(JsonValueKind.Array, json.GetProperty("tool_calls").ValueKind);
        Assert.Contains(json.GetProperty("finish_reason").GetString(), new[] { "stop", "length" });
        var usage = json.GetProperty("usage");
        Assert.True(usage.GetProperty("input_tokens").GetInt32() > 0);
        Assert.InRange(usage.GetProperty("output_tokens").GetInt32(), 1, 12);
        Assert.True(usage.TryGetProperty("cached_input_tokens", out _));
        Assert.True(usage.TryGetProperty("reasoning_tokens", out _));
    }

    [Fact]
    public async Task Stream_json_prints_one_event_per_line_ending_with_the_result()
    {
        var run = await CliRun.RunAsync(["chat", "-p", "Once upon a time", "--max-tokens", "10", "--output-format", "stream-json"]);
        Assert.Equal(0, run.ExitCode);
        var events = run.JsonLines;
        Assert.Equal("start", events[0].GetProperty("type").GetString());
        var texts = events.Where(e => e.GetProperty("type").GetString() == "text").ToList();
        Assert.True(texts.Count >= 2, "expected the answer in several text events");
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "usage");
        Assert.Equal("finish", events[^2].GetProperty("type").GetString());
        var result = events[^1];
        Assert.Equal("result", result.GetProperty("type").GetString());
        Assert.Equal(string.Concat(texts.Select(t => t.GetProperty("text").GetString())), result.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Prompt_dash_reads_standard_input()
    {
        var run = await CliRun.RunAsync(["chat", "-p", "-", "--max-tokens", "5", "--output-format", "json"], stdin: "Once upon a time\n");
        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Json.GetProperty("usage").GetProperty("input_tokens").GetInt32() >= 4);
    }

    [Theory]
    [InlineData("nope/model", "configuration", "Unknown provider 'nope'")]
    [InlineData("no-slash", "configuration", "provider/model")]
    [InlineData("local/missing-model", "not_found", "missing-model")]
    public async Task Bad_models_give_a_json_error_and_non_zero_exit(string model, string kind, string messagePart)
    {
        var run = await CliRun.RunAsync(["chat", "-m", model, "-p", "hi", "--output-format", "json"]);
        Assert.NotEqual(0, run.ExitCode);
        var error = run.Json.GetProperty("error");
        Assert.Equal(kind, error.GetProperty("kind").GetString());
        Assert.Contains(messagePart, error.GetProperty("message").GetString());
        Assert.True(error.TryGetProperty("status", out _));
    }

    [Fact]
    public async Task Text_mode_errors_go_to_stderr()
    {
        var run = await CliRun.RunAsync(["chat", "-m", "nope/model", "-p", "hi"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("Unknown provider", run.Stderr);
    }

    [Fact]
    public async Task Unknown_output_format_is_rejected()
    {
        var run = await CliRun.RunAsync(["chat", "-p", "hi", "--output-format", "xml"]);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("xml", run.Stderr);
    }

    [Fact]
    public async Task A_broken_config_file_is_named_in_the_error()
    {
        var config = Path.Combine(Path.GetTempPath(), $"switchboard-bad-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, "{ \"default_model\": ", TestContext.Current.CancellationToken);
        try
        {
            var run = await CliRun.RunAsync(["chat", "--config", config, "-p", "hi", "--output-format", "json"]);
            Assert.Equal(2, run.ExitCode);
            var error = run.Json.GetProperty("error");
            Assert.Equal("configuration", error.GetProperty("kind").GetString());
            Assert.Contains(config, error.GetProperty("message").GetString());
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task The_config_file_default_model_is_used()
    {
        var config = Path.Combine(Path.GetTempPath(), $"switchboard-config-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, "{ \"default_model\": \"local/missing-from-config\" }", TestContext.Current.CancellationToken);
        try
        {
            var run = await CliRun.RunAsync(["chat", "--config", config, "-p", "hi", "--output-format", "json"]);
            Assert.Contains("missing-from-config", run.Json.GetProperty("error").GetProperty("message").GetString());
        }
        finally
        {
            File.Delete(config);
        }
    }
}
