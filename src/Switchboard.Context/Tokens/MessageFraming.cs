namespace Switchboard.Context.Tokens;

/// <summary>
/// The tokens a chat format adds around message contents: OpenAI wraps every message as
/// <c>&lt;|start|&gt;{role/name}\n{content}&lt;|end|&gt;\n</c> and primes the reply with <c>&lt;|start|&gt;assistant&lt;|message|&gt;</c>.
/// </summary>
/// <param name="TokensPerMessage">Fixed tokens around each message (besides its role, which is counted as text).</param>
/// <param name="TokensPerName">Extra tokens when a message carries an author name (besides the name itself).</param>
/// <param name="ReplyPriming">Tokens added once per request for the start of the reply.</param>
public sealed record MessageFraming(int TokensPerMessage, int TokensPerName, int ReplyPriming)
{
    /// <summary>
    /// OpenAI's documented framing for gpt-3.5-turbo-0125, gpt-4 and gpt-4o (OpenAI cookbook, "How to count tokens
    /// with tiktoken": 3 tokens per message, 1 per name, 3 for the reply).
    /// </summary>
    public static MessageFraming OpenAI { get; } = new(3, 1, 3);

    /// <summary>
    /// For families whose framing is not published: OpenAI's numbers. The calibration against reported usage
    /// absorbs the difference, since it is learned on whole requests, framing included.
    /// </summary>
    public static MessageFraming Estimated { get; } = OpenAI;

    /// <summary>No framing: counts of bare contents.</summary>
    public static MessageFraming None { get; } = new(0, 0, 0);
}
