namespace Switchboard.Providers.OpenAI;

/// <summary>Names this provider uses in <c>AdditionalProperties</c> and <see cref="Microsoft.Extensions.AI.ErrorContent.ErrorCode"/>.</summary>
internal static class OpenAIPropertyNames
{
    /// <summary>
    /// On a <see cref="Microsoft.Extensions.AI.TextReasoningContent"/>: the delta field it arrived in
    /// (<c>reasoning_content</c> from DeepSeek and vLLM, <c>reasoning</c> from OpenRouter and newer vLLM), so the
    /// text goes back under the same name on the next turn.
    /// </summary>
    public const string ReasoningField = "openai.reasoning_field";

    /// <summary>The <c>ErrorCode</c> of the <see cref="Microsoft.Extensions.AI.ErrorContent"/> that carries a model refusal.</summary>
    public const string RefusalErrorCode = "refusal";

    /// <summary>
    /// On <see cref="Microsoft.Extensions.AI.DataContent"/> / <see cref="Microsoft.Extensions.AI.UriContent"/>:
    /// the image <c>detail</c> (<c>low</c>, <c>high</c>, <c>auto</c>).
    /// </summary>
    public const string ImageDetail = "detail";

    /// <summary>The default field for reasoning text sent back to a compatible server (DeepSeek requires it on tool-call turns).</summary>
    public const string ReasoningContent = "reasoning_content";

    /// <summary>OpenRouter's name for the same field.</summary>
    public const string Reasoning = "reasoning";
}
