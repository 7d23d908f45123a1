using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.Context.Tokens;

namespace Switchboard.Context.Compaction;

/// <summary><c>builder.UseContextWindow(...)</c>: adds a <see cref="ContextWindowChatClient"/> to a chat pipeline.</summary>
public static class ContextWindowChatClientBuilderExtensions
{
    /// <summary>Adds a <see cref="ContextWindowChatClient"/> with <paramref name="reducer"/> (resolved from the services when null).</summary>
    public static ChatClientBuilder UseContextWindow(
        this ChatClientBuilder builder,
        ContextWindowReducer? reducer = null,
        Action<ContextWindowChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var client = new ContextWindowChatClient(inner, reducer ?? services.GetRequiredService<ContextWindowReducer>());
            configure?.Invoke(client);
            return client;
        });
    }

    /// <summary>
    /// Adds a <see cref="ContextWindowChatClient"/> for a model counted by <paramref name="counter"/>, with a window
    /// and policy from <paramref name="options"/>, summaries by <paramref name="summarizer"/> (sliding window only
    /// when null) kept in <paramref name="summaries"/> (the conversation store; memory when null).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (named in the exception), when the pipeline is built.</exception>
    public static ChatClientBuilder UseContextWindow(
        this ChatClientBuilder builder,
        ChatTokenCounter counter,
        ContextWindowOptions options,
        IChatClient? summarizer = null,
        IContextSummaryStore? summaries = null,
        Action<ContextWindowChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(options);
        return builder.Use((inner, services) =>
        {
            var reducer = new ContextWindowReducer(counter, options, summarizer, summaries, logger: services.GetService<ILogger<ContextWindowReducer>>());
            var client = new ContextWindowChatClient(inner, reducer);
            configure?.Invoke(client);
            return client;
        });
    }
}
