using Switchboard.Images;

namespace Switchboard.Providers.Ollama;

/// <summary>What the Ollama protocol accepts for images and how it prices them.</summary>
public sealed class OllamaImageSupport : ProviderImageSupport
{
    public static OllamaImageSupport Instance { get; } = new();

    /// <summary>
    /// Ollama: <c>/api/chat</c> takes base64 <c>images</c> and documents no size limit; the model's own vision
    /// encoder downscales to a few hundred pixels (LLaVA 336 px, Gemma 3 896 px), so sending more only costs time.
    /// We use Anthropic's 1568 px / 1.15 MP as a sensible ceiling that still serves the larger-input models
    /// (Qwen2.5-VL, Llama 3.2 Vision) and keeps the request small for a local server; 20 MB per image as OpenAI's
    /// compatible endpoint would take. PNG and JPEG are the formats every Ollama vision model decodes.
    /// https://docs.ollama.com/api (chat: "images")
    /// https://docs.ollama.com/api/openai-compatibility
    /// </summary>
    public static ImageLimits Default { get; } = new()
    {
        Protocol = "ollama",
        MaxLongEdge = 1568,
        MaxShortEdge = 1568,
        MaxPixels = 1_150_000,
        MaxBytes = 20_000_000,
        AcceptedMediaTypes = ["image/png", "image/jpeg"],
    };

    /// <inheritdoc />
    public override ImageLimits Limits => Default;

    /// <inheritdoc />
    public override int EstimateTokens(int width, int height, string? detail = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return Estimate(width, height);
    }

    /// <summary>Ollama takes base64 images only (https://docs.ollama.com/api), so every web URL is downloaded and inlined.</summary>
    public override bool FetchesUrl(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return !uri.IsFile && uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp;
    }

    // Ollama documents no figure: the count belongs to the model's vision encoder. Qwen2-VL/2.5-VL, among the
    // larger consumers, spend one token per 28×28 patch (https://huggingface.co/Qwen/Qwen2-VL-7B-Instruct
    // discussion 47); fixed-size encoders (LLaVA 576, Gemma 3 256) cost less, so this errs on the safe side for
    // context accounting. Local models cost no money.
    private static int Estimate(int width, int height) => TilesOf(width, 28) * TilesOf(height, 28);

    private static int TilesOf(double length, int tile) => (int)Math.Ceiling(Math.Round(length, 6) / tile);
}
