using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Switchboard.Core.Middleware;

/// <summary>
/// Microsoft.Extensions.AI's <see cref="FunctionInvokingChatClient"/>, engaged only for requests that offer tools. A
/// long-lived chain serves requests with and without tools; without this, a request that declares none would have a
/// stray tool call answered "function not found" and sent back to the model, up to the step limit, instead of being
/// returned to the caller as the model's answer.
/// </summary>
public sealed class ToolLoopChatClient(IChatClient innerClient, ILoggerFactory? loggerFactory = null, IServiceProvider? functionInvocationServices = null)
    : FunctionInvokingChatClient(innerClient, loggerFactory, functionInvocationServices)
{
    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        OffersTools(options) ? base.GetResponseAsync(messages, options, cancellationToken) : InnerClient.GetResponseAsync(messages, options, cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        OffersTools(options) ? base.GetStreamingResponseAsync(messages, options, cancellationToken) : InnerClient.GetStreamingResponseAsync(messages, options, cancellationToken);

    private bool OffersTools(ChatOptions? options) => options?.Tools is { Count: > 0 } || AdditionalTools is { Count: > 0 };
}
