using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Context.Tests;

/// <summary>A model double: records every request (a copy of its message list) and answers with <see cref="Respond"/>.</summary>
internal sealed class RecordingChatClient : IChatClient
{
    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    /// <summary>Every answer given, in order.</summary>
    public List<ChatResponse> Responses { get; } = [];

    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, ChatResponse> Respond { get; set; } =
        (_, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"));

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Requests.Add((list, options));
        var response = Respond(list, options);
        Responses.Add(response);
        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
