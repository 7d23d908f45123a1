using System.Globalization;
using Microsoft.Extensions.AI;

namespace Switchboard.Context.Tests;

/// <summary>
/// A summarizer double that behaves like the prompt asks: it carries forward every line of the previous summary
/// and of the new conversation part that states a fact (marked <c>FACT:</c>), and adds one line for the fold.
/// </summary>
internal static class FactKeepingSummarizer
{
    public static RecordingChatClient Create()
    {
        var client = new RecordingChatClient();
        client.Respond = (messages, _) =>
        {
            var input = messages[^1].Text;
            var facts = input.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("FACT:", StringComparison.Ordinal)).Distinct();
            var summary = string.Join('\n', facts.Append(string.Create(CultureInfo.InvariantCulture, $"Fold {client.Requests.Count}: {input.Length} characters condensed.")));
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, summary));
        };
        return client;
    }
}
