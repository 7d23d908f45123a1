namespace Switchboard.Context.Compaction;

/// <summary>A running summary of a conversation's oldest messages, stored so it is made once, not on every turn.</summary>
/// <param name="PrefixKey">
/// Identifies exactly the messages it covers: the chained fingerprint of the conversation's first
/// <paramref name="CoveredMessages"/> non-system messages (see <see cref="MessageFingerprint"/>).
/// </param>
/// <param name="CoveredMessages">How many of the conversation's non-system messages it covers, from the start (pinned ones stay verbatim).</param>
/// <param name="Text">The summary.</param>
/// <param name="Folds">How many summarizer calls built it: each folded the previous summary and the next turns.</param>
/// <param name="CreatedAt">When it was made.</param>
public sealed record ContextSummary(string PrefixKey, int CoveredMessages, string Text, int Folds, DateTimeOffset CreatedAt);
