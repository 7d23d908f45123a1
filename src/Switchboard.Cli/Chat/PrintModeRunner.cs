using Microsoft.Extensions.AI;
using Switchboard.Cli.Hosting;
using Switchboard.Cli.Output;
using Switchboard.Cli.Tools;

namespace Switchboard.Cli.Chat;

/// <summary><c>switchboard chat -p</c>: one prompt, one streamed answer, in text, json or stream-json.</summary>
internal sealed class PrintModeRunner(CliConsole console, ChatSetup setup, string format)
{
    public async Task<int> RunAsync(string prompt, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            cancel.Cancel();
        }

        console.CancelKeyPress += OnCancelKey;
        var result = new ChatTurnResult(setup.Model.ToString());
        var observer = new TurnObserver();
        using var observing = Core.Observability.RequestObserver.Observe(observer);
        try
        {
            var client = setup.CreateClient();
            if (format == PrintFormat.StreamJson)
            {
                await WriteLineAsync(JsonOutput.Event("start", w => w.WriteString("model", setup.Model.ToString())));
            }

            var images = setup.Images.Select(image => ImageAttachments.Create(image, console.GetEnvironmentVariable)).ToList();
            foreach (var image in images)
            {
                // On stderr, so stdout stays the answer (or the one JSON object).
                await console.Error.WriteLineAsync("image: " + await ImageAttachments.DescribeAsync(image, setup.DescriptorOf(setup.Model.Primary), cancel.Token));
            }

            var history = new List<ChatMessage> { ImageAttachments.Message(prompt, images) };
            await ChatTurnLoop.RunAsync(client, history, setup.CreateOptions(), result, WriteUpdateAsync, ApproveAsync, cancel.Token);

            await WriteEndAsync(result, observer);
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await console.Out.FlushAsync(CancellationToken.None);
            return ReportError(console, format, new ErrorReport("cancelled", null, "Cancelled by the user.", ExitCodes.Cancelled), startNewLine: format == PrintFormat.Text);
        }
        catch (Exception ex) when (ErrorReport.From(ex) is { } report)
        {
            return ReportError(console, format, report, startNewLine: format == PrintFormat.Text && result.ToResponse().Text.Length > 0);
        }
        finally
        {
            console.CancelKeyPress -= OnCancelKey;
        }
    }

    /// <summary>Errors go to stdout as JSON in the JSON formats (scripts parse one stream), to stderr as text otherwise.</summary>
    public static int ReportError(CliConsole console, string format, ErrorReport report, bool startNewLine = false)
    {
        if (format is PrintFormat.Json or PrintFormat.StreamJson)
        {
            console.Out.WriteLine(JsonOutput.Error(report));
            console.Out.Flush();
        }
        else
        {
            if (startNewLine)
            {
                console.Out.WriteLine();
                console.Out.Flush();
            }

            console.Error.WriteLine($"error: {report.Kind}{(report.Status is { } s ? $" (HTTP {s})" : "")}: {report.Message}");
        }

        return report.ExitCode;
    }

    /// <summary>Print mode cannot ask: the policy and --approve decide, "ask" calls are rejected with a hint.</summary>
    private ValueTask<IList<AIContent>> ApproveAsync(IReadOnlyList<ToolApprovalRequestContent> requests)
    {
        IList<AIContent> answers = requests.Select(r => (AIContent)setup.ToolSession!.TryAnswer(r, canAsk: false)!).ToList();
        return ValueTask.FromResult(answers);
    }

    private async ValueTask WriteUpdateAsync(ChatResponseUpdate update)
    {
        switch (format)
        {
            case PrintFormat.Text:
                if (!string.IsNullOrEmpty(update.Text))
                {
                    await console.Out.WriteAsync(update.Text);
                    await console.Out.FlushAsync();
                }

                // Tool activity goes to stderr, so stdout stays exactly the answer.
                foreach (var content in update.Contents)
                {
                    if (content is FunctionCallContent call && setup.ToolSession is not null)
                    {
                        await console.Error.WriteLineAsync($"[tool] {ToolCallFormatter.Format(call)}");
                    }
                    else if (content is FunctionResultContent toolResult)
                    {
                        await console.Error.WriteLineAsync($"[tool] -> {ChatTurnLoop.Summarize(toolResult.Result ?? toolResult.Exception?.Message)}");
                    }
                }

                break;

            case PrintFormat.StreamJson:
                foreach (var content in update.Contents)
                {
                    var line = content switch
                    {
                        TextContent { Text.Length: > 0 } text => JsonOutput.Event("text", w => w.WriteString("text", text.Text)),
                        TextReasoningContent { Text.Length: > 0 } reasoning => JsonOutput.Event("reasoning", w => w.WriteString("text", reasoning.Text)),
                        FunctionCallContent call => JsonOutput.Event("tool_call", w => JsonOutput.WriteToolCallFields(w, call)),
                        FunctionResultContent toolResult => JsonOutput.Event("tool_result", w =>
                        {
                            w.WriteString("id", toolResult.CallId);
                            w.WriteString("summary", ChatTurnLoop.Summarize(toolResult.Result ?? toolResult.Exception?.Message));
                        }),
                        UsageContent usage => JsonOutput.Event("usage", w =>
                        {
                            w.WritePropertyName("usage");
                            JsonOutput.WriteUsage(w, usage.Details);
                        }),
                        _ => null,
                    };
                    if (line is not null)
                    {
                        await WriteLineAsync(line);
                    }
                }

                break;
        }
    }

    private async Task WriteEndAsync(ChatTurnResult result, TurnObserver observer)
    {
        switch (format)
        {
            case PrintFormat.Text:
                await console.Out.WriteLineAsync();
                break;
            case PrintFormat.Json:
                await WriteLineAsync(JsonOutput.Result(result, observer.CostUsd, observer.FromCache && observer.ProviderCalls == 0));
                break;
            case PrintFormat.StreamJson:
                await WriteLineAsync(JsonOutput.Event("finish", w => w.WriteString("finish_reason", result.FinishReason)));
                await WriteLineAsync(JsonOutput.Result(result, observer.CostUsd, observer.FromCache && observer.ProviderCalls == 0).Insert(1, "\"type\":\"result\","));
                break;
        }

        await console.Out.FlushAsync();
    }

    private async Task WriteLineAsync(string line)
    {
        await console.Out.WriteLineAsync(line);
        await console.Out.FlushAsync();
    }
}
