using System.Diagnostics;
using System.Globalization;
using Switchboard.Context.Conversations;
using Xunit;

namespace Switchboard.Context.Tests;

/// <summary>A real process appending turns is killed with SIGKILL; every turn it saw acknowledged is there after reopening.</summary>
public sealed class KilledProcessTests
{
    [Fact]
    public async Task Every_acknowledged_turn_survives_SIGKILL()
    {
        using var directory = new TempDirectory();
        var cancellationToken = TestContext.Current.CancellationToken;
        var database = directory.File("usage.db");
        string id;
        await using (var store = await SqliteConversationStore.OpenAsync(database, cancellationToken: cancellationToken))
        {
            id = (await store.CreateAsync("openai/gpt-4.1", cancellationToken: cancellationToken)).Id;
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Switchboard.Context.StoreProbe.dll"));
        start.ArgumentList.Add(database);
        start.ArgumentList.Add(id);
        using var probe = Process.Start(start)!;
        var acknowledged = new List<int>();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            while (acknowledged.Count < 200)
            {
                var line = await probe.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException("The probe exited early: " + await probe.StandardError.ReadToEndAsync(cancellationToken));
                acknowledged.Add(int.Parse(line["ACK ".Length..], CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            // Process.Kill is SIGKILL on Unix: no finally blocks, no dispose, no flush in the probe.
            probe.Kill();
            await probe.WaitForExitAsync(cancellationToken);
        }

        // Acknowledgements already in the pipe when the kill came count too.
        while (await probe.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            acknowledged.Add(int.Parse(line["ACK ".Length..], CultureInfo.InvariantCulture));
        }

        Assert.Equal(137, probe.ExitCode);  // 128 + SIGKILL
        await using var reopened = await SqliteConversationStore.OpenAsync(database, cancellationToken: cancellationToken);
        var stored = (await reopened.GetAsync(id, cancellationToken))!;
        var lastAcknowledged = acknowledged.Max();
        Assert.True(stored.Messages.Count >= lastAcknowledged * 4,
            $"{lastAcknowledged} turns were acknowledged but only {stored.Messages.Count / 4} are stored");
        Assert.Equal(stored.Messages.Count, stored.Info.MessageCount);
        Assert.Equal(0, stored.Messages.Count % 4);
        for (var turn = 1; turn <= stored.Messages.Count / 4; turn++)
        {
            Assert.Equal($"question {turn}", stored.Messages[(turn - 1) * 4].Text);
            Assert.Equal($"answer {turn}", stored.Messages[(turn * 4) - 1].Text);
        }

        // The store is writable after the crash.
        await reopened.AppendAsync(id, new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, "after the crash"));
        Assert.Equal("after the crash", (await reopened.GetAsync(id, cancellationToken))!.Messages[^1].Text);
    }
}
