using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Tools.Tests;

/// <summary>A model that plays back scripted turns and records every request it was sent.</summary>
internal sealed class ScriptedChatClient(params Func<IReadOnlyList<ChatMessage>, ChatResponse>[] turns) : IChatClient
{
    private int _next;

    public List<List<ChatMessage>> Requests { get; } = [];

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = messages.ToList();
        Requests.Add(request);
        if (_next >= turns.Length)
        {
            throw new InvalidOperationException($"The script has only {turns.Length} turns.");
        }

        return Task.FromResult(turns[_next++](request));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    public static ChatResponse Calls(params FunctionCallContent[] calls) =>
        new(new ChatMessage(ChatRole.Assistant, [.. calls]));

    public static ChatResponse Text(string text) => new(new ChatMessage(ChatRole.Assistant, text));

    public static FunctionResultContent ResultFor(IReadOnlyList<ChatMessage> request, string callId) =>
        request.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single(r => r.CallId == callId);
}
