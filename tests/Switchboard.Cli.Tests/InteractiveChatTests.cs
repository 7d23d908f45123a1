using Microsoft.Extensions.AI;
using Switchboard.Cli.Chat;
using Switchboard.Cli.Hosting;
using Switchboard.Configuration;
using Switchboard.Models;
using Switchboard.Core.Routing;
using Xunit;

namespace Switchboard.Cli.Tests;

public sealed class InteractiveChatTests
{
    private static (InteractiveChat Chat, ScriptedInput Input, StringWriter Output, SlowFakeChatClient Fake) Create(TimeSpan pause)
    {
        var fake = new SlowFakeChatClient(["one", "two", "three", "four", "five", "six", "seven", "eight"], pause);
        var input = new ScriptedInput();
        var output = new StringWriter();
        var home = Directory.CreateTempSubdirectory("switchboard-repl-test-").FullName;
        var console = new CliConsole { In = input, Out = TextWriter.Synchronized(output), Error = output, GetEnvironmentVariable = name => name == "HOME" ? home : null };
        var host = CliHost.Create(console, new SwitchboardSettings(), verbose: false, (builder, _) => builder.AddProvider(fake));
        var setup = new ChatSetup
        {
            Host = host.Host,
            Owner = host,
            Model = ModelRoute.Single(ModelId.Parse("fake/slow")),
            ModelReason = "test",
            Options = new ChatOptions(),
        };
        return (new InteractiveChat(console, setup), input, output, fake);
    }

    [Fact]
    public async Task Answers_stream_and_the_conversation_is_kept()
    {
        var (chat, input, output, fake) = Create(TimeSpan.Zero);
        input.Type("hello");
        input.Type("again");
        input.Type("/exit");
        var exit = await chat.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, exit);
        Assert.Contains("one two three four five six seven eight", output.ToString());
        Assert.Equal([1, 3], fake.MessageCounts);
        Assert.Equal(4, chat.History.Count);
        Assert.Contains("3 in / 8 out tokens", output.ToString());
    }

    [Fact]
    public async Task Cancelling_an_answer_keeps_the_session()
    {
        var (chat, input, output, fake) = Create(TimeSpan.FromMilliseconds(100));
        input.Type("tell me a long story");
        var session = chat.RunAsync(TestContext.Current.CancellationToken);

        // Stop the answer once its first words are on screen, as Ctrl+C does.
        for (var waited = 0; !output.ToString().Contains("one ", StringComparison.Ordinal); waited++)
        {
            Assert.True(waited < 500 && !session.IsCompleted, $"the answer never started: {output}");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(chat.CancelCurrentAnswer());
        input.Type("/clear");
        input.Type("/exit");
        var exit = await session;

        Assert.Equal(0, exit);
        Assert.Contains("(answer stopped)", output.ToString());
        Assert.DoesNotContain("eight", output.ToString());
        Assert.Empty(chat.History);
        Assert.False(chat.CancelCurrentAnswer());
    }

    [Fact]
    public async Task Model_command_switches_and_clear_forgets()
    {
        var (chat, input, output, _) = Create(TimeSpan.Zero);
        input.Type("hi");
        input.Type("/model local/stories260K");
        input.Type("/model");
        input.Type("/model nope/x");
        input.Type("/clear");
        input.Type("/bogus");
        input.Type(null);
        var exit = await chat.RunAsync(TestContext.Current.CancellationToken);

        var text = output.ToString();
        Assert.Equal(0, exit);
        Assert.Contains("Model: local/stories260K (chosen with /model)", text);
        Assert.Contains("Unknown provider 'nope'", text);
        Assert.Contains("Conversation cleared.", text);
        Assert.Contains("Unknown command /bogus", text);
        Assert.Empty(chat.History);
    }
}
