using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Gemini;

/// <summary>
/// Maps Gemini's <c>Candidate.finishReason</c> and <c>PromptFeedback.blockReason</c> values to
/// <see cref="ChatFinishReason"/>. Values: https://ai.google.dev/api/generate-content#FinishReason
/// </summary>
internal static class GeminiFinishReasons
{
    /// <summary>The normalized reason for a candidate's raw finish reason.</summary>
    /// <param name="raw">The value exactly as Gemini sent it (<c>STOP</c>, <c>MAX_TOKENS</c>, ...).</param>
    /// <param name="hasFunctionCalls">
    /// Whether the response asked for function calls: Gemini reports <c>STOP</c> for those too, while callers
    /// (and every other provider) expect <see cref="ChatFinishReason.ToolCalls"/>.
    /// </param>
    public static ChatFinishReason Normalize(string raw, bool hasFunctionCalls) => raw switch
    {
        "STOP" or "FINISH_REASON_UNSPECIFIED" => hasFunctionCalls ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
        "MAX_TOKENS" => ChatFinishReason.Length,
        "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII"
            or "IMAGE_SAFETY" or "IMAGE_PROHIBITED_CONTENT" or "IMAGE_RECITATION" => ChatFinishReason.ContentFilter,

        // MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, LANGUAGE, OTHER and values added later are abnormal ends that fit
        // none of the standard reasons; the raw value keeps them distinguishable (and not mistaken for a clean Stop).
        _ => new ChatFinishReason(raw),
    };

    /// <summary>A prompt blocked before any candidate was generated (<c>promptFeedback.blockReason</c>, any value).</summary>
    public static ChatFinishReason BlockedPrompt => ChatFinishReason.ContentFilter;
}
