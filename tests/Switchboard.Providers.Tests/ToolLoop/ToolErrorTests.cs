using Microsoft.Extensions.AI;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.ToolLoop.ToolLoopKit;

namespace Switchboard.Providers.Tests.ToolLoop;

/// <summary>Failed tool calls go back to the model as error results; the user gets the model's answer, not an exception.</summary>
public sealed class ToolErrorTests
{
    private static readonly AIFunction GetTime = AIFunctionFactory.Create((string zone) => "14:05", "get_time", "Current local time in an IANA time zone.");

    [Theory]
    [MemberData(nameof(Protocols), MemberType = typeof(ToolLoopKit))]
    public async Task A_tool_that_throws_is_reported_to_the_model_as_an_error(string protocolName)
    {
        var protocol = ToolLoopProtocol.All[protocolName];
        await using var server = await EmulatorServer.StartAsync();
        var model = new ScriptedModel(server, protocol, (turn, results) => turn == 1
            ? ModelTurn.CallTools(ParallelToolCallTests.WeatherInParis, ParallelToolCallTests.TimeInParis)
            : ModelTurn.Say($"The weather service is down, but it is {ResultFor(results, "get_time").Content} in Paris."));
        var getWeather = AIFunctionFactory.Create(string (string city) => throw new InvalidOperationException("weather station offline"), "get_weather");
        using var client = WithFunctionInvocation(protocol.CreateClient(server));

        var (updates, error) = await AskAsync(client, "Weather and time in Paris?", getWeather, GetTime);

        Assert.Empty(model.Failures);
        Assert.Null(error);
        Assert.Equal(2, server.Requests.Count);
        var weather = ResultFor(model.Received[1], "get_weather");
        Assert.Contains("weather station offline", weather.Content, StringComparison.Ordinal);

        // Anthropic flags it with is_error, Gemini puts it under "error"; OpenAI and Ollama have no flag, only the text.
        Assert.Equal(protocol.HasErrorFlag ? true : null, weather.IsError);
        var time = ResultFor(model.Received[1], "get_time");
        Assert.Equal("14:05", time.Content);
        Assert.NotEqual(true, time.IsError);
        Assert.Equal("The weather service is down, but it is 14:05 in Paris.", FinalAnswer(updates));
    }

    [Theory]
    [MemberData(nameof(Protocols), MemberType = typeof(ToolLoopKit))]
    public async Task Without_detailed_errors_the_exception_text_does_not_reach_the_model(string protocolName)
    {
        var protocol = ToolLoopProtocol.All[protocolName];
        await using var server = await EmulatorServer.StartAsync();
        var model = new ScriptedModel(server, protocol, (turn, results) => turn == 1
            ? ModelTurn.CallTools(ParallelToolCallTests.WeatherInParis)
            : ModelTurn.Say("I could not get the weather."));
        var getWeather = AIFunctionFactory.Create(string (string city) => throw new InvalidOperationException("login failed for sa with Password=hunter2"), "get_weather");
        using var client = WithFunctionInvocation(protocol.CreateClient(server), includeDetailedErrors: false);

        var (updates, error) = await AskAsync(client, "Weather in Paris?", getWeather);

        Assert.Empty(model.Failures);
        Assert.Null(error);
        var weather = ResultFor(model.Received[1], "get_weather");
        Assert.DoesNotContain("hunter2", weather.Content, StringComparison.Ordinal);
        Assert.Contains("Function failed", weather.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", server.Requests.Last().BodyText, StringComparison.Ordinal);
        Assert.Equal("I could not get the weather.", FinalAnswer(updates));
    }

    [Theory]
    [MemberData(nameof(Protocols), MemberType = typeof(ToolLoopKit))]
    public async Task A_call_to_an_unknown_tool_is_answered_with_a_not_found_error(string protocolName)
    {
        var protocol = ToolLoopProtocol.All[protocolName];
        await using var server = await EmulatorServer.StartAsync();
        var model = new ScriptedModel(server, protocol, (turn, results) => turn == 1
            ? ModelTurn.CallTools(new ScriptedCall("call_humidity_9Zt", "get_humidity", """{"city":"Paris"}"""), ParallelToolCallTests.TimeInParis)
            : ModelTurn.Say($"I have no humidity tool; it is {ResultFor(results, "get_time").Content} in Paris."));
        using var client = WithFunctionInvocation(protocol.CreateClient(server));

        var (updates, error) = await AskAsync(client, "Humidity and time in Paris?", GetTime);

        Assert.Empty(model.Failures);
        Assert.Null(error);
        Assert.Equal(2, server.Requests.Count);
        var humidity = ResultFor(model.Received[1], "get_humidity");
        Assert.Contains("\"get_humidity\" not found", humidity.Content, StringComparison.Ordinal);
        Assert.StartsWith("Error:", humidity.Content, StringComparison.Ordinal);
        if (protocol.HasCallIds)
        {
            Assert.Equal("call_humidity_9Zt", humidity.CallId);
        }

        Assert.Equal("14:05", ResultFor(model.Received[1], "get_time").Content);
        Assert.Equal("I have no humidity tool; it is 14:05 in Paris.", FinalAnswer(updates));
    }
}
