using System.Text;
using Microsoft.Extensions.AI;

namespace Switchboard.Benchmarks;

/// <summary>Reads a client's stream to the end, the way a caller that only forwards updates would.</summary>
public static class StreamDrain
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.User, "Count to five.")];

    /// <summary>Reads every update and returns how many there were; nothing per update is kept.</summary>
    public static Task<int> CountUpdatesAsync(IChatClient client) => CountUpdatesAsync(client, Prompt);

    /// <summary>Reads every update of the answer to <paramref name="prompt"/> and returns how many there were.</summary>
    public static async Task<int> CountUpdatesAsync(IChatClient client, IEnumerable<ChatMessage> prompt)
    {
        var count = 0;
        await foreach (var update in client.GetStreamingResponseAsync(prompt).ConfigureAwait(false))
        {
            _ = update;
            count++;
        }

        return count;
    }

    /// <summary>
    /// Reads the stream once and returns its text, failing if it did not end with a finish reason: run in setup so a
    /// benchmark never times a client that stopped early or read nothing.
    /// </summary>
    public static Task<string> ReadTextAsync(IChatClient client) => ReadTextAsync(client, Prompt);

    /// <summary>As <see cref="ReadTextAsync(IChatClient)"/>, for the answer to <paramref name="prompt"/>.</summary>
    public static async Task<string> ReadTextAsync(IChatClient client, IEnumerable<ChatMessage> prompt)
    {
        var text = new StringBuilder();
        ChatFinishReason? finishReason = null;
        await foreach (var update in client.GetStreamingResponseAsync(prompt).ConfigureAwait(false))
        {
            text.Append(update.Text);
            finishReason ??= update.FinishReason;
        }

        if (text.Length == 0 || finishReason is null)
        {
            throw new InvalidOperationException($"{client.GetType().Name} read {text.Length} characters and finish reason '{finishReason}'.");
        }

        return text.ToString();
    }
}
