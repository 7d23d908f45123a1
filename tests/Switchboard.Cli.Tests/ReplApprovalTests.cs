using System.Text.Json;
using Xunit;

namespace Switchboard.Cli.Tests;

/// <summary>The REPL's approval prompt: <c>[y]es / [n]o / [a]lways</c>, with the user's reason sent to the model.</summary>
public sealed class ReplApprovalTests : IDisposable
{
    private readonly string _workspace = Directory.CreateTempSubdirectory("switchboard-repl-ws-").FullName;

    public void Dispose() => Directory.Delete(_workspace, recursive: true);

    private static string ToolMessage(IReadOnlyList<JsonElement> messages, string callId) =>
        messages.Single(m => m.GetProperty("role").GetString() == "tool" && m.GetProperty("tool_call_id").GetString() == callId)
            .GetProperty("content").GetString()!;

    [Fact]
    public async Task A_rejection_reaches_the_model_with_the_users_reason()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync();
        server.EnqueueToolCalls(("call_rm", "run_command", """{"command":"rm -rf build"}"""));
        server.EnqueueText("Understood, I will not delete it.");

        var run = await CliRun.RunAsync(
            ["chat", "-m", "openai/gpt-test", "--base-url", server.BaseUrl, "--tools", "--workspace", _workspace],
            new Dictionary<string, string> { ["OPENAI_API_KEY"] = "k" },
            stdin: "clean the build folder\nn\nI still need those files\n/exit\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Allow run_command(command: \"rm -rf build\")?", run.Stdout);
        Assert.Contains("[y]es / [n]o / [a]lways", run.Stdout);
        var result = ToolMessage(server.MessagesOf(1), "call_rm");
        Assert.Contains("rejected by the user: I still need those files", result);
        Assert.Contains("Understood, I will not delete it.", run.Stdout);
    }

    [Fact]
    public async Task Always_approves_the_tool_for_the_rest_of_the_session()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync();
        server.EnqueueToolCalls(("call_1", "run_command", """{"command":"echo first"}"""));
        server.EnqueueText("Ran it.");
        server.EnqueueToolCalls(("call_2", "run_command", """{"command":"echo second"}"""));
        server.EnqueueText("Ran it again.");

        var run = await CliRun.RunAsync(
            ["chat", "-m", "openai/gpt-test", "--base-url", server.BaseUrl, "--tools", "--workspace", _workspace],
            new Dictionary<string, string> { ["OPENAI_API_KEY"] = "k" },
            stdin: "run echo\na\nagain\n/exit\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("first", ToolMessage(server.MessagesOf(1), "call_1"));
        Assert.Contains("second", ToolMessage(server.MessagesOf(3), "call_2"));

        // Asked once: the second call ran without a prompt.
        Assert.Equal(1, run.Stdout.Split("[y]es / [n]o / [a]lways").Length - 1);

        // The second user turn carries the whole first exchange.
        Assert.Contains(server.MessagesOf(2), m => m.GetProperty("role").GetString() == "tool");
    }
}
