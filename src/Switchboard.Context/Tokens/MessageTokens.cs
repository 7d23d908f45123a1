namespace Switchboard.Context.Tokens;

/// <summary>The tokens of one message: all of it, and the part that is images (and other non-text media).</summary>
/// <param name="Total">Everything the message costs, framing and media included.</param>
/// <param name="Media">The images' and files' share of <paramref name="Total"/>.</param>
public readonly record struct MessageTokens(long Total, long Media);
