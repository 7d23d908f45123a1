using System.Diagnostics;
using Microsoft.Extensions.AI;
using Switchboard.Cli.Output;

namespace Switchboard.Cli.Chat;

/// <summary>
/// One user turn: stream the answer, and while the function-invoking client stops to ask for tool approvals,
/// answer them and continue, until the model's final answer. The history grows with every message exchanged.
/// </summary>
internal static class ChatTurnLoop
{
    public static async Task RunAsync(
        IChatClient client,
        List<ChatMessage> history,
        ChatOptions options,
        ChatTurnResult result,
        Func<ChatResponseUpdate, ValueTask> onUpdate,
        Func<IReadOnlyList<ToolApprovalRequestContent>, ValueTask<IList<AIContent>>> approve,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in client.GetStreamingResponseAsync(history, options, cancellationToken))
            {
                updates.Add(update);
                result.Add(update, clock.Elapsed);
                await onUpdate(update);
            }

            var response = updates.ToChatResponse();
            history.AddRange(response.Messages);
            var requests = response.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>().ToList();
            if (requests.Count == 0)
            {
                return;
            }

            history.Add(new ChatMessage(ChatRole.User, await approve(requests)));
        }
    }

    /// <summary>A one-line summary of a tool result for the terminal.</summary>
    public static string Summarize(object? result)
    {
        var text = result switch
        {
            null => "(no result)",
            string s => s,
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } e => e.GetString() ?? "",
            _ => result.ToString() ?? "",
        };
        var lines = text.Split('\n');
        var first = lines[0].Trim();
        if (first.Length > 100)
        {
            first = first[..100] + "…";
        }

        return lines.Length > 1 ? $"{first} (+{lines.Length - 1} more lines)" : first;
    }
}
