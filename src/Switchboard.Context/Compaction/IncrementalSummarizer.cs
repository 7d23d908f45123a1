using System.Globalization;
using Microsoft.Extensions.AI;

namespace Switchboard.Context.Compaction;

/// <summary>One fold: the previous summary plus the next part of the conversation, into the summary that replaces both.</summary>
internal sealed class IncrementalSummarizer
{
    private readonly IChatClient _client;

    public IncrementalSummarizer(IChatClient client)
    {
        _client = client;
    }

    /// <summary>The messages the summarizer is sent for one fold (also what tests inspect).</summary>
    public static List<ChatMessage> BuildRequest(string prompt, string? previousSummary, string transcript) =>
    [
        new(ChatRole.System, prompt),
        new(ChatRole.User, string.Create(CultureInfo.InvariantCulture, $"""
            <previous_summary>
            {previousSummary ?? "(none: this is the start of the conversation)"}
            </previous_summary>

            <conversation_part>
            {transcript}
            </conversation_part>

            Write the updated summary.
            """)),
    ];

    /// <exception cref="InvalidOperationException">The summarizer answered with no text.</exception>
    public async Task<string> FoldAsync(string prompt, string? previousSummary, string transcript, long maxOutputTokens, CancellationToken cancellationToken)
    {
        var response = await _client.GetResponseAsync(
            BuildRequest(prompt, previousSummary, transcript),
            new ChatOptions { MaxOutputTokens = (int)Math.Min(int.MaxValue, maxOutputTokens) },
            cancellationToken).ConfigureAwait(false);
        var text = response.Text.Trim();
        return text.Length > 0
            ? text
            : throw new InvalidOperationException("The summarizer answered with no text.");
    }
}
