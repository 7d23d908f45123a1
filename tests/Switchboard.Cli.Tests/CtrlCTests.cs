using System.Diagnostics;
using System.Text;
using Xunit;

namespace Switchboard.Cli.Tests;

/// <summary>
/// The real <c>switchboard</c> process: SIGINT (what Ctrl+C sends) while an answer streams stops that answer,
/// aborts its HTTP request and leaves the session running.
/// </summary>
public sealed class CtrlCTests
{
    [Fact]
    public async Task Ctrl_c_stops_the_answer_not_the_session()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync();
        server.EnqueueSlowText(string.Join(' ', Enumerable.Range(1, 200).Select(i => $"word{i}")), TimeSpan.FromMilliseconds(50));
        server.EnqueueText("second answer");
        var home = Directory.CreateTempSubdirectory("switchboard-sigint-").FullName;

        // The CLI's own build output: this test folder carries ASP.NET's shared framework instead of the CLI's packages.
        var cli = Path.Combine(AppContext.BaseDirectory.Replace(Path.Combine("tests", "Switchboard.Cli.Tests"), Path.Combine("src", "Switchboard.Cli"), StringComparison.Ordinal), "switchboard.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", cli, "chat", "-m", "openai/gpt-test", "--base-url", server.BaseUrl])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["HOME"] = home;
        start.Environment["OPENAI_API_KEY"] = "k";
        using var process = Process.Start(start)!;
        // Read characters as they come: a streamed answer is one long line, so line events would only fire at its end.
        var output = new StringBuilder();
        async Task PumpAsync(StreamReader reader)
        {
            var buffer = new char[256];
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                lock (output)
                {
                    output.Append(buffer, 0, read);
                }
            }
        }

        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
        string Output() { lock (output) { return output.ToString(); } }

        try
        {
            await process.StandardInput.WriteLineAsync("tell me a long story");
            await process.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
            await WaitForAsync(() => Output().Contains("word3", StringComparison.Ordinal), Output);

            // SIGINT, as the terminal sends for Ctrl+C.
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill!.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            await WaitForAsync(() => Output().Contains("(answer stopped)", StringComparison.Ordinal), Output);
            Assert.False(process.HasExited, "Ctrl+C during an answer must not end the session");
            await WaitForAsync(() => server.AbortedRequests == 1, Output);

            await process.StandardInput.WriteLineAsync("again");
            await process.StandardInput.WriteLineAsync("/exit");
            await process.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            await pumps;

            Assert.Equal(0, process.ExitCode);
            Assert.Contains("second answer", Output());
            Assert.DoesNotContain("word200", Output());
            // The stopped turn was dropped: the second request holds only the new question.
            Assert.Single(server.MessagesOf(1), m => m.GetProperty("role").GetString() == "user");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, Func<string> output)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "timed out; output so far:\n" + output());
    }
}
