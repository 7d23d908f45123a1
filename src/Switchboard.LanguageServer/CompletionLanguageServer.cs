using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using StreamJsonRpc;
using Switchboard.Completion.Engine;
using Switchboard.Completion.Workspace;

namespace Switchboard.LanguageServer;

/// <summary>
/// A language server that offers code completions from any <see cref="IChatClient"/>: the caller (the CLI's
/// <c>switchboard lsp</c>) composes the model chain and hands it over with an engine; this class speaks LSP over a
/// pair of streams (stdin/stdout for an editor) with Content-Length framing, until the client sends <c>exit</c> or
/// closes the stream.
/// </summary>
public sealed class CompletionLanguageServer
{
    private readonly CompletionEngine _engine;
    private readonly IChatClient _model;
    private readonly CompletionModelProfile _profile;
    private readonly LanguageServerOptions _options;

    /// <param name="engine">The completion engine (one per process).</param>
    /// <param name="model">The model chain completions are asked from.</param>
    /// <param name="profile">How that model is prompted.</param>
    /// <param name="options">Server settings; the defaults when null.</param>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">A setting is out of range.</exception>
    public CompletionLanguageServer(CompletionEngine engine, IChatClient model, CompletionModelProfile profile, LanguageServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(profile);
        _options = options ?? new LanguageServerOptions();
        System.ComponentModel.DataAnnotations.Validator.ValidateObject(_options, new(_options), validateAllProperties: true);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Debounce, TimeSpan.Zero, nameof(options));
        _engine = engine;
        _model = model;
        _profile = profile;
    }

    /// <summary>The documents and indexed files completion draws context from.</summary>
    public CompletionWorkspace Workspace { get; } = new();

    /// <summary>Serves one client until it exits or disconnects.</summary>
    /// <returns>The process exit code LSP asks for: 0 after <c>shutdown</c> then <c>exit</c>, 1 otherwise.</returns>
    public async Task<int> RunAsync(Stream input, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var formatter = new SystemTextJsonFormatter
        {
            JsonSerializerOptions =
            {
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            },
        };
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(output, input, formatter))
        {
            // Handlers start one at a time in arrival order, so a completion requested right after an edit sees that
            // edit; an async handler still lets the next message in once it awaits the model. (By default
            // StreamJsonRpc starts handlers concurrently on the thread pool.)
            SynchronizationContext = new Microsoft.VisualStudio.Threading.NonConcurrentSynchronizationContext(sticky: false),
        };
        var target = new LanguageServerTarget(_engine, _model, _profile, _options, Workspace,
            message => rpc.IsDisposed ? Task.CompletedTask : rpc.NotifyWithParameterObjectAsync("window/logMessage", message));
        rpc.AddLocalRpcTarget(target, new JsonRpcTargetOptions { DisposeOnDisconnect = false });
        rpc.StartListening();

        using var stop = cancellationToken.Register(() => rpc.Dispose());
        var finished = await Task.WhenAny(target.Exited, rpc.Completion).ConfigureAwait(false);
        var cleanExit = finished == target.Exited && await target.Exited.ConfigureAwait(false);
        return cleanExit ? 0 : 1;
    }
}
