using Microsoft.Extensions.AI;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.ToolLoop.ToolLoopKit;

namespace Switchboard.Providers.Tests.ToolLoop;

/// <summary>A model that never stops asking for tools cannot keep the loop going forever.</summary>
public sealed class MaximumIterationsTests
{
    [Theory]
    [MemberData(nameof(Protocols), MemberType = typeof(ToolLoopKit))]
    public async Task The_loop_stops_after_the_maximum_number_of_iterations(string protocolName)
    {
        var protocol = ToolLoopProtocol.All[protocolName];
        await using var server = await EmulatorServer.StartAsync();
        var model = new ScriptedModel(server, protocol, (turn, results) =>
        {
            Assert.Equal(turn == 1 ? 0 : 1, results.Count);
            return ModelTurn.CallTools(new ScriptedCall($"call_time_{turn}", "get_time", """{"zone":"Europe/Paris"}"""));
        });
        var invocations = 0;
        var getTime = AIFunctionFactory.Create((string zone) => $"14:0{Interlocked.Increment(ref invocations)}", "get_time");
        using var client = WithFunctionInvocation(protocol.CreateClient(server));

        var (updates, error) = await AskAsync(client, "What time is it in Paris? Keep checking.", getTime);

        Assert.Empty(model.Failures);
        Assert.Null(error);

        // FunctionInvokingChatClient runs the tools of MaximumIterationsPerRequest responses; the response after the
        // last round is still fetched (the model sees the last results) and returned as it is, its call not run.
        Assert.Equal(MaximumIterations, invocations);
        Assert.Equal(MaximumIterations + 1, server.Requests.Count);
        Assert.Equal(
            Enumerable.Range(1, MaximumIterations).Select(i => $"14:0{i}"),
            model.Received.Skip(1).Select(results => Assert.Single(results).Content));

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        var results = updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>().ToList();
        Assert.Equal(MaximumIterations + 1, calls.Count);
        Assert.Equal(MaximumIterations, results.Count);
        Assert.DoesNotContain(results, r => r.CallId == calls[^1].CallId);
    }
}
