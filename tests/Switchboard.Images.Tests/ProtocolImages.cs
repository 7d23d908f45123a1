using Switchboard.Providers;
using Switchboard.Providers.Anthropic;
using Switchboard.Providers.Gemini;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.OpenAI;

namespace Switchboard.Images.Tests;

/// <summary>What each protocol's descriptor says about images, by protocol name (test data names protocols).</summary>
internal static class ProtocolImages
{
    public static ProviderImageSupport Of(string protocol) => protocol.Trim().ToLowerInvariant() switch
    {
        "openai" => OpenAIProviderDescriptor.Instance.Images!,
        "anthropic" => AnthropicProviderDescriptor.Instance.Images!,
        "gemini" => GeminiProviderDescriptor.Instance.Images!,
        "ollama" => OllamaProviderDescriptor.Instance.Images!,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "not a protocol with images"),
    };
}
