using Microsoft.Extensions.AI;
using StreamJsonRpc;
using Switchboard.Completion.Context;
using Switchboard.Completion.Engine;
using Switchboard.Completion.Workspace;
using Switchboard.Errors;
using Switchboard.LanguageServer.Protocol;

namespace Switchboard.LanguageServer;

/// <summary>
/// The LSP methods (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/):
/// lifecycle, incremental document sync, <c>textDocument/inlineCompletion</c> and <c>textDocument/completion</c>.
/// <c>$/cancelRequest</c> is StreamJsonRpc's own cancellation protocol, which cancels the handler's token.
/// </summary>
internal sealed class LanguageServerTarget(
    CompletionEngine engine,
    IChatClient model,
    CompletionModelProfile profile,
    LanguageServerOptions options,
    CompletionWorkspace workspace,
    Func<LogMessageParams, Task> log)
{
    /// <summary>JSON-RPC "invalid params", for positions outside a document and documents never opened.</summary>
    private const int InvalidParams = -32602;

    private readonly Dictionary<string, OpenDocument> _documents = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly CompletionDebouncer _debouncer = new(options.Debounce, options.Time);
    private readonly TaskCompletionSource<bool> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with true when <c>exit</c> follows <c>shutdown</c>, false when it comes without.</summary>
    public Task<bool> Exited => _exit.Task;

    public bool ShutdownRequested { get; private set; }

    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams parameters)
    {
        if (options.IndexWorkspace)
        {
            var roots = parameters.WorkspaceFolders?.Select(f => f.Uri).ToList() ?? [];
            if (roots.Count == 0 && (parameters.RootUri ?? parameters.RootPath) is { } single)
            {
                roots.Add(single);
            }

            foreach (var root in roots)
            {
                var folder = DocumentPaths.FromUri(root, null);
                _ = Task.Run(() => IndexAsync(folder));
            }
        }

        return new InitializeResult(
            new ServerCapabilities(new TextDocumentSyncOptions(OpenClose: true, Change: 2), new CompletionOptions([], ResolveProvider: false), InlineCompletionProvider: true),
            new ServerInfo("switchboard", typeof(LanguageServerTarget).Assembly.GetName().Version?.ToString() ?? "0"));
    }

    [JsonRpcMethod("initialized")]
    public void Initialized()
    {
        // Nothing to do: the server registers no capabilities dynamically.
    }

    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    public void DidOpen(DidOpenTextDocumentParams parameters)
    {
        var item = parameters.TextDocument;
        var document = new OpenDocument(DocumentPaths.FromUri(item.Uri, item.LanguageId), item.Text, item.Version);
        lock (_lock)
        {
            _documents[item.Uri] = document;
        }

        workspace.Open(document.Path, document.Text);
    }

    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    public void DidChange(DidChangeTextDocumentParams parameters)
    {
        OpenDocument updated;
        lock (_lock)
        {
            var document = Get(parameters.TextDocument.Uri);
            var text = document.Text;
            foreach (var change in parameters.ContentChanges)
            {
                text = change.Range is null ? change.Text : Apply(text, change.Range, change.Text);
            }

            updated = document with { Text = text, Version = parameters.TextDocument.Version };
            _documents[parameters.TextDocument.Uri] = updated;
        }

        workspace.Update(updated.Path, updated.Text);
    }

    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    public void DidClose(DidCloseTextDocumentParams parameters)
    {
        OpenDocument? document;
        lock (_lock)
        {
            if (_documents.Remove(parameters.TextDocument.Uri, out document))
            {
                workspace.Close(document.Path);
            }
        }
    }

    [JsonRpcMethod("textDocument/inlineCompletion", UseSingleObjectParameterDeserialization = true)]
    public async Task<InlineCompletionList> InlineCompletionAsync(TextDocumentPositionParams parameters, CancellationToken cancellationToken)
    {
        var candidates = await CompleteAsync(parameters, cancellationToken).ConfigureAwait(false);
        var here = new Protocol.Range(parameters.Position, parameters.Position);
        return new InlineCompletionList([.. candidates.Select(c => new InlineCompletionItem(c.Text, here))]);
    }

    [JsonRpcMethod("textDocument/completion", UseSingleObjectParameterDeserialization = true)]
    public async Task<CompletionList> CompletionAsync(TextDocumentPositionParams parameters, CancellationToken cancellationToken)
    {
        var candidates = await CompleteAsync(parameters, cancellationToken).ConfigureAwait(false);
        var document = Snapshot(parameters.TextDocument.Uri);
        var offset = TextLines.ToOffset(document.Text, parameters.Position.Line, parameters.Position.Character);
        var wordStart = offset;
        while (wordStart > 0 && (char.IsLetterOrDigit(document.Text[wordStart - 1]) || document.Text[wordStart - 1] == '_'))
        {
            wordStart--;
        }

        // The edit replaces the word being typed with itself plus the suggestion, so a client filtering by that word keeps it.
        var word = document.Text[wordStart..offset];
        var range = new Protocol.Range(new Position(parameters.Position.Line, parameters.Position.Character - (offset - wordStart)), parameters.Position);
        var items = candidates.Select((c, i) => new CompletionItem(
            Label: word + c.Text.Split('\n')[0].TrimEnd(),
            Kind: 1,
            Detail: $"switchboard ({c.Score:0.00})",
            SortText: i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture),
            FilterText: word + c.Text,
            TextEdit: new TextEdit(range, word + c.Text)));
        return new CompletionList(IsIncomplete: true, [.. items]);
    }

    [JsonRpcMethod("shutdown")]
    public object? Shutdown()
    {
        ShutdownRequested = true;
        return null;
    }

    [JsonRpcMethod("exit")]
    public void Exit() => _exit.TrySetResult(ShutdownRequested);

    private async Task<IReadOnlyList<CompletionCandidate>> CompleteAsync(TextDocumentPositionParams parameters, CancellationToken cancellationToken)
    {
        var document = Snapshot(parameters.TextDocument.Uri);
        var request = new CompletionRequest(document.Path, document.Text, parameters.Position.Line, parameters.Position.Character)
        {
            Workspace = workspace,
            CandidateCount = options.CandidateCount,
        };

        try
        {
            var result = await _debouncer.RunAsync(
                parameters.TextDocument.Uri,
                token => engine.CompleteAsync(request, model, profile, token),
                cancellationToken).ConfigureAwait(false);
            return result.Candidates;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A newer keystroke in the same document superseded this request: it has nothing to show.
            return [];
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new LocalRpcException(ex.Message) { ErrorCode = InvalidParams };
        }
        catch (ProviderException ex)
        {
            // The editor should not pop an error on every keystroke; the message goes to the client's log.
            await log(new LogMessageParams(1, $"Completion failed: {ex.Message}")).ConfigureAwait(false);
            return [];
        }
    }

    private OpenDocument Snapshot(string uri)
    {
        lock (_lock)
        {
            return Get(uri);
        }
    }

    private OpenDocument Get(string uri) =>
        _documents.TryGetValue(uri, out var document)
            ? document
            : throw new LocalRpcException($"The document '{uri}' is not open; send textDocument/didOpen first.") { ErrorCode = InvalidParams };

    private static string Apply(string text, Protocol.Range range, string newText)
    {
        try
        {
            var start = TextLines.ToOffset(text, range.Start.Line, range.Start.Character);
            var end = TextLines.ToOffset(text, range.End.Line, range.End.Character);
            if (end < start)
            {
                throw new LocalRpcException($"The change range ends ({range.End.Line}:{range.End.Character}) before it starts ({range.Start.Line}:{range.Start.Character}).") { ErrorCode = InvalidParams };
            }

            return string.Concat(text.AsSpan(0, start), newText, text.AsSpan(end));
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new LocalRpcException($"The change range is outside the document: {ex.Message}") { ErrorCode = InvalidParams };
        }
    }

    private async Task IndexAsync(string folder)
    {
        try
        {
            var count = workspace.IndexDirectory(folder);
            await log(new LogMessageParams(3, $"Indexed {count} files under {folder} for completion context.")).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await log(new LogMessageParams(2, $"Could not index {folder}: {ex.Message}")).ConfigureAwait(false);
        }
    }
}
