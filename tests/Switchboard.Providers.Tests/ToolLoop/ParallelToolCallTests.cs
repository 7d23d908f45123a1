using Microsoft.Extensions.AI;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.ToolLoop.ToolLoopKit;

namespace Switchboard.Providers.Tests.ToolLoop;

/// <summary>
/// A whole conversation over real HTTP for each protocol: the model asks for two tools at once, both run in parallel
/// under <see cref="FunctionInvokingChatClient"/>, their results go back in the protocol's wire format, and the model
/// answers from them.
/// </summary>
public sealed class ParallelToolCallTests
{
    internal static readonly ScriptedCall WeatherInParis = new("call_weather_7Qx", "get_weather", """{"city":"Paris"}""");
    internal static readonly ScriptedCall TimeInParis = new("call_time_2Kd", "get_time", """{"zone":"Europe/Paris"}""");

    [Theory]
    [MemberData(nameof(Protocols), MemberType = typeof(ToolLoopKit))]
    public async Task Two_calls_run_in_parallel_and_the_model_answers_from_both_results(string protocolName)
    {
        var protocol = ToolLoopProtocol.All[protocolName];
        await using var server = await EmulatorServer.StartAsync();
        var model = new ScriptedModel(server, protocol, (turn, results) =>
        {
            if (turn == 1)
            {
                Assert.Empty(results);
                return ModelTurn.CallTools(WeatherInParis, TimeInParis);
            }

            Assert.Equal(2, results.Count);
            return ModelTurn.Say($"Paris: {ResultFor(results, "get_weather").Content} at {ResultFor(results, "get_time").Content}");
        });
        var tools = new RendezvousTools();
        using var client = WithFunctionInvocation(protocol.CreateClient(server));

        var (updates, error) = await AskAsync(client, "What is the weather and the time in Paris?", tools.GetWeather, tools.GetTime);

        Assert.Empty(model.Failures);
        Assert.Null(error);
        Assert.True(tools.Overlapped, "The two tools did not run at the same time.");
        Assert.Equal(["get_time(Europe/Paris)", "get_weather(Paris)"], tools.Calls.Order());
        Assert.Equal(2, server.Requests.Count);

        var received = model.Received[1];
        var weather = ResultFor(received, "get_weather");
        var time = ResultFor(received, "get_time");
        Assert.Equal("18C", weather.Content);
        Assert.Equal("14:05", time.Content);
        Assert.NotEqual(true, weather.IsError);
        Assert.NotEqual(true, time.IsError);
        if (protocol.HasCallIds)
        {
            Assert.Equal(WeatherInParis.Id, weather.CallId);
            Assert.Equal(TimeInParis.Id, time.CallId);
        }

        Assert.Equal("Paris: 18C at 14:05", FinalAnswer(updates));

        // The caller sees the whole loop: both calls, both results, then the answer.
        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["get_time", "get_weather"], calls.Select(c => c.Name).Order());
        var results = updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>().ToList();
        Assert.Equal(calls.Select(c => c.CallId).Order(), results.Select(r => r.CallId).Order());
    }
}
