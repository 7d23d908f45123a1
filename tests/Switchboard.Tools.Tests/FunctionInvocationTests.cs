using System.Text.Json;
using Microsoft.Extensions.AI;
using Xunit;

namespace Switchboard.Tools.Tests;

/// <summary>The tools run through Microsoft.Extensions.AI's FunctionInvokingChatClient, as an agent would run them.</summary>
public sealed class FunctionInvocationTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, object?> Json(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, object?>>(json)!;

    [Fact]
    public async Task Read_file_and_list_dir_asked_in_one_turn_both_run_and_both_results_go_back()
    {
        _ws.Write("notes.txt", "first\nsecond\n");
        _ws.Write("src/app.cs", "");
        var model = new ScriptedChatClient(
            _ => ScriptedChatClient.Calls(
                new FunctionCallContent("c1", "read_file", Json("""{"path":"notes.txt","start_line":2}""")),
                new FunctionCallContent("c2", "list_dir", Json("""{"path":"."}"""))),
            _ => ScriptedChatClient.Text("done"));
        using var client = new FunctionInvokingChatClient(model) { IncludeDetailedErrors = true };

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "look around")], new ChatOptions { Tools = [.. _ws.Tools.All] }, Ct);

        Assert.Equal("done", response.Text);
        Assert.Equal(2, model.Requests.Count);
        var second = model.Requests[1];
        Assert.Equal("     2\tsecond\n", ScriptedChatClient.ResultFor(second, "c1").Result?.ToString());
        Assert.Equal("notes.txt\nsrc/\n", ScriptedChatClient.ResultFor(second, "c2").Result?.ToString());
    }

    [Fact]
    public async Task A_failing_tool_tells_the_model_why_when_detailed_errors_are_on()
    {
        var model = new ScriptedChatClient(
            _ => ScriptedChatClient.Calls(
                new FunctionCallContent("c1", "read_file", Json("""{"path":"missing.txt"}""")),
                new FunctionCallContent("c2", "read_file", Json("""{"path":"../outside/secret.txt"}"""))),
            _ => ScriptedChatClient.Text("ok"));
        using var client = new FunctionInvokingChatClient(model) { IncludeDetailedErrors = true };

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "read")], new ChatOptions { Tools = [.. _ws.Tools.All] }, Ct);

        var second = model.Requests[1];
        Assert.Contains("File not found: 'missing.txt'", ScriptedChatClient.ResultFor(second, "c1").Result?.ToString());
        Assert.Contains("'..' leads outside the workspace", ScriptedChatClient.ResultFor(second, "c2").Result?.ToString());
    }

    [Fact]
    public async Task Without_detailed_errors_the_model_gets_no_reason()
    {
        var model = new ScriptedChatClient(
            _ => ScriptedChatClient.Calls(new FunctionCallContent("c1", "read_file", Json("""{"path":"missing.txt"}"""))),
            _ => ScriptedChatClient.Text("ok"));
        using var client = new FunctionInvokingChatClient(model);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "read")], new ChatOptions { Tools = [.. _ws.Tools.All] }, Ct);

        var result = ScriptedChatClient.ResultFor(model.Requests[1], "c1");
        Assert.DoesNotContain("missing.txt", result.Result?.ToString());
        Assert.IsType<ToolFailureException>(result.Exception);
    }

    [Fact]
    public async Task An_ask_tool_waits_for_approval_then_runs_and_the_result_goes_back()
    {
        var model = new ScriptedChatClient(
            _ => ScriptedChatClient.Calls(
                new FunctionCallContent("c1", "write_file", Json("""{"path":"out/hello.txt","content":"hi\n"}"""))),
            _ => ScriptedChatClient.Text("written"));
        using var client = new FunctionInvokingChatClient(model) { IncludeDetailedErrors = true };
        var options = new ChatOptions { Tools = [.. _ws.Tools.CreateForPolicy(ToolApprovalPolicy.Default)] };
        List<ChatMessage> history = [new(ChatRole.User, "write it")];

        var first = await client.GetResponseAsync(history, options, Ct);

        var request = Assert.Single(first.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>());
        Assert.False(File.Exists(_ws.PathOf("out/hello.txt")));
        Assert.False(ToolApprovalPolicy.Default.TryCreateAutomaticResponse(request, out _));

        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.User, [request.CreateResponse(approved: true)]));
        var second = await client.GetResponseAsync(history, options, Ct);

        Assert.Equal("written", second.Text);
        Assert.Equal("hi\n", _ws.Read("out/hello.txt"));
        Assert.StartsWith("Created 'out/hello.txt'", ScriptedChatClient.ResultFor(model.Requests[1], "c1").Result?.ToString());
    }

    [Fact]
    public async Task Policy_answers_settle_a_mixed_turn_and_a_denied_command_never_runs()
    {
        _ws.Write("victim.txt", "still here\n");
        var policy = ToolApprovalPolicy.Parse(["deny:run_command(rm *)"]);
        var model = new ScriptedChatClient(
            _ => ScriptedChatClient.Calls(
                new FunctionCallContent("c1", "read_file", Json("""{"path":"victim.txt"}""")),
                new FunctionCallContent("c2", "run_command", Json("""{"command":"rm victim.txt"}"""))),
            _ => ScriptedChatClient.Text("fine"));
        using var client = new FunctionInvokingChatClient(model) { IncludeDetailedErrors = true };
        var options = new ChatOptions { Tools = [.. _ws.Tools.CreateForPolicy(policy)] };
        List<ChatMessage> history = [new(ChatRole.User, "clean up")];

        var first = await client.GetResponseAsync(history, options, Ct);

        // One call needs approval, so the client turns both into requests; the policy answers both.
        var requests = first.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>().ToList();
        Assert.Equal(2, requests.Count);
        history.AddRange(first.Messages);
        foreach (var request in requests)
        {
            Assert.True(policy.TryCreateAutomaticResponse(request, out var answer));
            history.Add(new ChatMessage(ChatRole.User, [answer]));
        }

        await client.GetResponseAsync(history, options, Ct);

        Assert.Equal("still here\n", _ws.Read("victim.txt"));
        var results = model.Requests[1];
        Assert.Contains("still here", ScriptedChatClient.ResultFor(results, "c1").Result?.ToString());
        Assert.Contains("rejected by policy", ScriptedChatClient.ResultFor(results, "c2").Result?.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
