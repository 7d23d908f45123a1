namespace Switchboard.Context.Compaction;

/// <summary>Where a request's tokens go, for a <c>/context</c> view.</summary>
/// <param name="System">The system prompt and instructions.</param>
/// <param name="Summary">The summary of earlier turns and any note of dropped turns.</param>
/// <param name="History">The conversation's messages sent verbatim or shortened (their text and framing).</param>
/// <param name="Tools">Tool definitions.</param>
/// <param name="Images">Images and files in the messages.</param>
public sealed record ContextBreakdown(long System, long Summary, long History, long Tools, long Images)
{
    /// <summary>Everything: the request's size.</summary>
    public long Total => System + Summary + History + Tools + Images;
}
