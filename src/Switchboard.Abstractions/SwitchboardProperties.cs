namespace Switchboard;

/// <summary>Keys Switchboard puts in <c>AdditionalProperties</c> of responses, updates and usage.</summary>
public static class SwitchboardProperties
{
    /// <summary>
    /// The finish reason exactly as the provider sent it (<c>end_turn</c>, <c>STOP</c>, <c>tool_calls</c>);
    /// <c>FinishReason</c> holds the normalized value.
    /// </summary>
    public const string ProviderFinishReason = "provider_finish_reason";

    /// <summary>The <c>provider/model</c> that actually answered, when a route has fallbacks.</summary>
    public const string ServedBy = "served_by";

    /// <summary>Anthropic prompt-cache writes, in <c>UsageDetails.AdditionalCounts</c>.</summary>
    public const string CacheCreationInputTokens = "cache_creation_input_tokens";

    /// <summary>True on a response (or a stream's first update) answered from the response cache: no provider call, no cost.</summary>
    public const string CacheHit = "cache_hit";
}
