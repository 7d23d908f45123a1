using Microsoft.Extensions.AI;
using Spectre.Console;
using Switchboard.Cli.Hosting;
using Switchboard.Cli.Output;
using Switchboard.Cli.Tools;
using Switchboard.Images;
using Switchboard.Core.Routing;

namespace Switchboard.Cli.Chat;

/// <summary>
/// The <c>switchboard chat</c> REPL: streams each answer as it arrives, keeps the conversation, and understands
/// <c>/model</c>, <c>/image</c>, <c>/undo</c>, <c>/clear</c>, <c>/help</c> and <c>/exit</c>. Ctrl+C cancels the answer being
/// written, not the session.
/// </summary>
internal sealed class InteractiveChat
{
    private readonly CliConsole _console;
    private readonly ChatSetup _setup;
    private readonly IAnsiConsole _ansi;
    private readonly List<ChatMessage> _history = [];
    private readonly List<AIContent> _pendingImages = [];
    private readonly Lock _answerLock = new();
    private CancellationTokenSource? _currentAnswer;
    private IChatClient? _client;

    public InteractiveChat(CliConsole console, ChatSetup setup)
    {
        _console = console;
        _setup = setup;
        _ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Ansi = console.IsInteractive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = console.IsInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!console.IsInteractive)
        {
            // Piped output is read by programs: never wrap lines at a guessed terminal width.
            _ansi.Profile.Width = 10_000;
        }
    }

    /// <summary>The conversation so far (user and assistant turns).</summary>
    public IReadOnlyList<ChatMessage> History => _history;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            if (!TrySwitchModel(_setup.Model, _setup.ModelReason))
            {
                return ExitCodes.UsageError;
            }

            _ansi.MarkupLine("[grey]/model NAME switches model, /image PATH attaches an image, /clear forgets the conversation, /exit quits; Ctrl+C stops an answer.[/]");
            foreach (var image in _setup.Images)
            {
                await AttachAsync(image, cancellationToken);
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                _ansi.Markup("[bold green]>[/] ");
                var line = await _console.In.ReadLineAsync(cancellationToken);
                if (line is null)
                {
                    _console.Out.WriteLine();
                    break;
                }

                line = line.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                if (line.StartsWith("/image", StringComparison.OrdinalIgnoreCase))
                {
                    await AttachAsync(line["/image".Length..].Trim(), cancellationToken);
                    continue;
                }

                if (line.StartsWith('/'))
                {
                    if (!HandleCommand(line))
                    {
                        break;
                    }

                    continue;
                }

                await AnswerAsync(line, cancellationToken);
            }

            return ExitCodes.Success;
        }
        finally
        {
            _console.CancelKeyPress -= OnCancelKeyPress;
        }
    }

    /// <summary>Stops the answer being streamed, as Ctrl+C does; returns false when no answer is running.</summary>
    public bool CancelCurrentAnswer()
    {
        lock (_answerLock)
        {
            if (_currentAnswer is null)
            {
                return false;
            }

            _currentAnswer.Cancel();
            return true;
        }
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        // While an answer streams, Ctrl+C only stops it; at the prompt it ends the session as usual.
        e.Cancel = CancelCurrentAnswer();
    }

    private bool HandleCommand(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var name = (space < 0 ? line : line[..space]).ToLowerInvariant();
        var argument = space < 0 ? "" : line[(space + 1)..].Trim();
        switch (name)
        {
            case "/exit" or "/quit":
                return false;
            case "/clear":
                _history.Clear();
                _ansi.MarkupLine("[grey]Conversation cleared.[/]");
                return true;
            case "/model" when argument.Length == 0:
                _ansi.MarkupLine($"[grey]Model:[/] {Markup.Escape(_setup.Model.ToString())}");
                return true;
            case "/model":
                try
                {
                    TrySwitchModel(_setup.Host.ResolveModel(argument).Route, "chosen with /model");
                }
                catch (Exception ex) when (ErrorReport.From(ex) is { } report)
                {
                    _ansi.MarkupLine($"[red]{Markup.Escape(report.Message)}[/]");
                }

                return true;
            case "/help":
                _ansi.MarkupLine("[grey]/model[/] shows the model, [grey]/model provider/name[/] switches it, [grey]/image PATH[/] attaches an image, [grey]/undo[/] reverts the files the last turn changed, [grey]/clear[/] forgets the conversation, [grey]/exit[/] quits.");
                return true;
            case "/undo":
                Undo();
                return true;
            default:
                _ansi.MarkupLine($"[red]Unknown command {Markup.Escape(name)}.[/] Try /help.");
                return true;
        }
    }

    /// <summary>Puts back the files edit_file and write_file changed in the last turn that changed any.</summary>
    private void Undo()
    {
        if (_setup.ToolSession?.WorkspaceTools is not { } tools)
        {
            _ansi.MarkupLine("[grey]Nothing to undo: tools are off (start with --tools).[/]");
            return;
        }

        var result = tools.Checkpoints.UndoLastTurn();
        _ansi.MarkupLine(result is null
            ? "[grey]Nothing to undo: no turn has changed a file yet. (Changes made by run_command are not tracked.)[/]"
            : $"[{(result.Failures.Count > 0 ? "red" : "grey")}]{Markup.Escape(result.Describe())}[/]");
    }

    private bool TrySwitchModel(ModelRoute model, string reason)
    {
        IChatClient client;
        try
        {
            var previous = _setup.Model;
            _setup.Model = model;
            try
            {
                client = _setup.CreateClient();
            }
            catch
            {
                _setup.Model = previous;
                throw;
            }
        }
        catch (Exception ex) when (ErrorReport.From(ex) is { } report)
        {
            _ansi.MarkupLine($"[red]{Markup.Escape(report.Message)}[/]");
            return false;
        }

        _client = client;
        _setup.ModelReason = reason;
        _ansi.MarkupLine($"[grey]Model:[/] [bold]{Markup.Escape(model.ToString())}[/] [grey]({Markup.Escape(reason)})[/]");
        return true;
    }

    private async Task AnswerAsync(string prompt, CancellationToken sessionToken)
    {
        var historyBefore = _history.Count;

        // Every file this answer changes is undone together by /undo.
        _setup.ToolSession?.WorkspaceTools?.Checkpoints.BeginTurn();
        _history.Add(ImageAttachments.Message(prompt, _pendingImages));
        _pendingImages.Clear();
        using var answer = CancellationTokenSource.CreateLinkedTokenSource(sessionToken);
        lock (_answerLock)
        {
            _currentAnswer = answer;
        }

        var result = new ChatTurnResult(_setup.Model.ToString());
        var observer = new TurnObserver();
        using var observing = Core.Observability.RequestObserver.Observe(observer);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var inReasoning = false;
        try
        {
            await ChatTurnLoop.RunAsync(_client!, _history, _setup.CreateOptions(), result, update =>
            {
                foreach (var content in update.Contents)
                {
                    switch (content)
                    {
                        case TextReasoningContent { Text.Length: > 0 } reasoning:
                            inReasoning = true;
                            _ansi.Markup($"[grey italic]{Markup.Escape(reasoning.Text)}[/]");
                            break;
                        case TextContent { Text.Length: > 0 } text:
                            if (inReasoning)
                            {
                                _console.Out.WriteLine();
                                inReasoning = false;
                            }

                            _console.Out.Write(text.Text);
                            _console.Out.Flush();
                            break;
                        case FunctionCallContent call:
                            _ansi.MarkupLine($"\n[yellow]tool[/] {Markup.Escape(ToolCallFormatter.Format(call))}");
                            break;
                        case FunctionResultContent toolResult:
                            _ansi.MarkupLine($"[grey]  -> {Markup.Escape(ChatTurnLoop.Summarize(toolResult.Result ?? toolResult.Exception?.Message))}[/]");
                            break;
                    }
                }

                return ValueTask.CompletedTask;
            }, ApproveAsync, answer.Token);

            _console.Out.WriteLine();
            WriteFooter(result, result.ToResponse().Usage, clock.Elapsed, observer);
        }
        catch (OperationCanceledException) when (answer.IsCancellationRequested && !sessionToken.IsCancellationRequested)
        {
            _console.Out.WriteLine();
            _ansi.MarkupLine("[yellow](answer stopped)[/]");
            _history.RemoveRange(historyBefore, _history.Count - historyBefore);
        }
        catch (Exception ex) when (ErrorReport.From(ex) is { } report)
        {
            _console.Out.WriteLine();
            _ansi.MarkupLine($"[red]error: {Markup.Escape(report.Kind)}{(report.Status is { } s ? $" (HTTP {s})" : "")}: {Markup.Escape(report.Message)}[/]");
            _history.RemoveRange(historyBefore, _history.Count - historyBefore);
        }
        finally
        {
            lock (_answerLock)
            {
                _currentAnswer = null;
            }
        }
    }

    /// <summary>Attaches an image to the next message and shows its size and token cost for the current model.</summary>
    private async Task AttachAsync(string pathOrUrl, CancellationToken cancellationToken)
    {
        if (pathOrUrl.Length == 0)
        {
            _ansi.MarkupLine("[red]Usage: /image PATH (or an https URL)[/]");
            return;
        }

        try
        {
            var image = ImageAttachments.Create(pathOrUrl, _console.GetEnvironmentVariable);
            var description = await ImageAttachments.DescribeAsync(image, _setup.DescriptorOf(_setup.Model.Primary), cancellationToken);
            _pendingImages.Add(image);
            _ansi.MarkupLine($"[grey]attached {Markup.Escape(description)}[/]");
        }
        catch (Exception ex) when (ex is FormatException or ImagePreparationException)
        {
            _ansi.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
        }
    }

    /// <summary>Asks the user about each call the policy and mode could not settle: [y]es / [n]o / [a]lways.</summary>
    private async ValueTask<IList<AIContent>> ApproveAsync(IReadOnlyList<ToolApprovalRequestContent> requests)
    {
        var answers = new List<AIContent>();
        foreach (var request in requests)
        {
            if (_setup.ToolSession!.TryAnswer(request, canAsk: true) is { } automatic)
            {
                answers.Add(automatic);
                continue;
            }

            var call = (FunctionCallContent)request.ToolCall;
            if (_setup.ToolSession.WorkspaceTools?.Preview(call) is { } preview)
            {
                foreach (var diffLine in DiffMarkup.Lines(preview))
                {
                    _ansi.MarkupLine(diffLine);
                }
            }

            _ansi.MarkupLine($"[yellow]Allow[/] {Markup.Escape(ToolCallFormatter.Format(call))}?");
            ApprovalAnswer? choice = null;
            while (choice is null)
            {
                _ansi.Markup("[bold][[y]]es / [[n]]o / [[a]]lways:[/] ");
                var line = (await _console.In.ReadLineAsync())?.Trim().ToLowerInvariant();
                choice = line switch
                {
                    "y" or "yes" => ApprovalAnswer.Yes,
                    "a" or "always" => ApprovalAnswer.Always,
                    "n" or "no" or null => ApprovalAnswer.No,
                    _ => null,
                };
            }

            string? reason = null;
            if (choice == ApprovalAnswer.No)
            {
                _ansi.Markup("[grey]Reason for the model (optional):[/] ");
                reason = await _console.In.ReadLineAsync();
            }

            answers.Add(_setup.ToolSession.Answer(request, choice.Value, reason));
        }

        return answers;
    }

    private void WriteFooter(ChatTurnResult result, UsageDetails? usage, TimeSpan elapsed, TurnObserver observer)
    {
        var tokens = usage is null ? "usage not reported" : $"{usage.InputTokenCount ?? 0} in / {usage.OutputTokenCount ?? 0} out tokens · {observer.DescribeCost()}";
        var firstToken = result.TimeToFirstToken is { } ttft ? $" · first token {ttft.TotalSeconds:0.00} s" : "";
        _ansi.MarkupLine($"[grey]{Markup.Escape(_setup.Model.ToString())} · {tokens}{(result.ServedBy is { } served && served != _setup.Model.Name ? $" · answered by {served}" : "")} · {elapsed.TotalSeconds:0.0} s{firstToken} · {Markup.Escape(result.FinishReason ?? "?")}[/]");
    }
}
