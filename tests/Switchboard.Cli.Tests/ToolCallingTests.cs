using System.Text.Json;
using Xunit;

namespace Switchboard.Cli.Tests;

/// <summary><c>switchboard chat --tools</c> and <c>--tool-schema</c> end to end against an OpenAI-compatible server.</summary>
public sealed class ToolCallingTests : IDisposable
{
    private readonly string _workspace = Directory.CreateTempSubdirectory("switchboard-ws-").FullName;

    public void Dispose() => Directory.Delete(_workspace, recursive: true);

    private static Dictionary<string, string> Key => new() { ["OPENAI_API_KEY"] = "sk-test" };

    private static string ToolMessage(IReadOnlyList<JsonElement> messages, string callId) =>
        messages.Single(m => m.GetProperty("role").GetString() == "tool" && m.GetProperty("tool_call_id").GetString() == callId)
            .GetProperty("content").GetString()!;

    [Fact]
    public async Task Tools_run_and_their_results_go_back_to_the_model()
    {
        await File.WriteAllTextAsync(Path.Combine(_workspace, "notes.txt"), "the answer is 42\n", TestContext.Current.CancellationToken);
        await using var server = await ScriptedOpenAIServer.StartAsync();
        server.EnqueueToolCalls(("call_a", "read_file", """{"path":"notes.txt"}"""), ("call_b", "list_dir", """{"path":"."}"""));
        server.EnqueueText("The notes say 42.");

        var run = await CliRun.RunAsync(
            ["chat", "-m", "openai/gpt-test", "--base-url", server.BaseUrl, "--tools", "--workspace", _workspace, "-p", "What do my notes say?", "--output-format", "json"], Key);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("The notes say 42. ", run.Json.GetProperty("text").GetString());
        Assert.Equal(["read_file", "list_dir"], run.Json.GetProperty("tool_calls").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(2, server.Requests.Count);

        // The first request declared the workspace tools; the second carried both results.
        var declared = server.Requests.First().GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()).ToList();
        Assert.Contains("run_command", declared);
        var second = server.MessagesOf(1);
        Assert.Contains("the answer is 42", ToolMessage(second, "call_a"));
        Assert.Contains("notes.txt", ToolMessage(second, "call_b"));
    }

    [Fact]
    public async Task Print_mode_rejects_calls_that_need_approval_and_tells_the_model_why()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync();
        server.EnqueueToolCalls(("call_w", "write_file", """{"path":"out.txt","content":"x"}"""));
        server.EnqueueText("I could not write the file.");

        var run = await CliRun.RunAsync(
            ["chat", "-m", "openai/gpt-test", "--base-url", server.BaseUrl, "--tools", "--workspace", _workspace, "-p", "write it"], Key);

        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(Path.Combine(_workspace, "out.txt")));
        Assert.Contains("--approve auto", ToolMessage(server.MessagesOf(1), "call_w"));
        Assert.Contains("I could not write the file.", run.Stdout);
    }

    [Fact]
    public async Task Approve_auto_runs_calls_that_would_ask()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync();
        server.EnqueueToolCalls(("call_w", "write_file", """{"path":"sub/out.txt","content":"written"}"""));
        server.EnqueueText("Done.");

        var run = await CliRun.RunAsync(
            ["chat", "-m", "openai/gpt-test", "--base-url", server.BaseUrl, "--tools", "--approve", "auto", "--workspace", _workspace, "-p", "write it"], Key);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("written", await File.ReadAllTextAsync(Path.Combine(_workspace, "sub", "out.txt"), TestContext.Current.CancellationToken));
        Assert.Contains("[tool] write_file(", run.Stderr);
    }

    [Fact]
    public async Task Path_escapes_are_refused_and_the_model_reads_why()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync();
        server.EnqueueToolCalls(("call_x", "read_file", """{"path":"../../etc/passwd"}"""));
        server.EnqueueText("That file is outside the workspace.");

        var run = await CliRun.RunAsync(
            ["chat", "-m", "openai/gpt-test", "--base-url", server.BaseUrl, "--tools", "--workspace", _workspace, "-p", "read passwd"], Key);

        Assert.Equal(0, run.ExitCode);
        var result = ToolMessage(server.MessagesOf(1), "call_x");
        Assert.Contains("outside", result, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("root:", result);
    }

    [Fact]
    public async Task Tool_schema_calls_are_returned_not_run()
    {
        var schema = Path.Combine(_workspace, "tools.json");
        await File.WriteAllTextAsync(schema, """
            [ { "name": "get_weather", "description": "Weather for a city",
                "parameters": { "type": "object", "properties": { "city": { "type": "string" } }, "required": ["city"] } } ]
            """, TestContext.Current.CancellationToken);
        await using var server = await ScriptedOpenAIServer.StartAsync();
        server.EnqueueToolCalls(("call_1", "get_weather", """{"city":"Paris"}"""));

        var run = await CliRun.RunAsync(
            ["chat", "-m", "openai/gpt-test", "--base-url", server.BaseUrl, "--tool-schema", schema, "-p", "Weather in Paris?", "--output-format", "json"], Key);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var call = Assert.Single(run.Json.GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("call_1", call.GetProperty("id").GetString());
        Assert.Equal("get_weather", call.GetProperty("name").GetString());
        Assert.Equal("Paris", call.GetProperty("arguments").GetProperty("city").GetString());
        Assert.Equal("tool_calls", run.Json.GetProperty("finish_reason").GetString());
        Assert.Single(server.Requests);
        var tool = Assert.Single(server.Requests.First().GetProperty("tools").EnumerateArray());
        Assert.Equal("Weather for a city", tool.GetProperty("function").GetProperty("description").GetString());
        Assert.Equal("string", tool.GetProperty("function").GetProperty("parameters").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_broken_tool_schema_is_a_usage_error()
    {
        var schema = Path.Combine(_workspace, "bad.json");
        await File.WriteAllTextAsync(schema, """[ { "description": "no name" } ]""", TestContext.Current.CancellationToken);
        var run = await CliRun.RunAsync(["chat", "--tool-schema", schema, "-p", "x", "--output-format", "json"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("entry 0 has no \"name\"", run.Json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Mcp_server_tools_from_the_config_are_offered_and_run()
    {
        // Run the server from its own build output: this test folder carries ASP.NET's shared framework instead of its packages.
        var server = Path.Combine(AppContext.BaseDirectory.Replace("Switchboard.Cli.Tests", "Switchboard.McpTestServer", StringComparison.Ordinal), "Switchboard.McpTestServer.dll");
        var config = Path.Combine(_workspace, "config.json");
        await File.WriteAllTextAsync(config, $$"""
            { "tools": { "rules": ["allow:reverse"], "pure": ["reverse"], "mcp_servers": { "text": { "command": "dotnet", "args": ["{{server}}"] } } } }
            """, TestContext.Current.CancellationToken);
        await using var openai = await ScriptedOpenAIServer.StartAsync();
        openai.EnqueueToolCalls(("call_r", "reverse", """{"text":"stressed"}"""));
        openai.EnqueueToolCalls(("call_r2", "reverse", """{"text":"stressed"}"""));
        openai.EnqueueText("It reads desserts.");

        var run = await CliRun.RunAsync(
            ["chat", "--config", config, "-m", "openai/gpt-test", "--base-url", openai.BaseUrl, "--tools", "--workspace", _workspace, "-p", "reverse stressed"], Key);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("mcp: text: ", run.Stderr);
        Assert.Contains(openai.Requests.First().GetProperty("tools").EnumerateArray(), t => t.GetProperty("function").GetProperty("name").GetString() == "reverse");
        Assert.Contains("desserts", ToolMessage(openai.MessagesOf(1), "call_r"));
        // The second identical call of a pure tool is answered from the session's cache with the same result.
        Assert.Equal(ToolMessage(openai.MessagesOf(2), "call_r"), ToolMessage(openai.MessagesOf(2), "call_r2"));
        Assert.Contains("It reads desserts.", run.Stdout);
    }
}
