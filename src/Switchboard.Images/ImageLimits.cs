namespace Switchboard.Images;

/// <summary>
/// What one provider accepts for a single image: the largest size worth sending (beyond it the provider only
/// downscales, so the extra pixels cost bandwidth and latency but buy nothing), the byte budget, and the media types.
/// <see cref="ImagePreparer"/> prepares images to fit; <see cref="ImageTokenEstimator"/> prices them.
/// </summary>
/// <remarks>
/// Equality compares every limit, media types included, so limits built with <c>with { ... }</c> are distinct cache
/// keys in <see cref="ImageReference"/> while equal limits share one prepared image.
/// </remarks>
public sealed record ImageLimits
{
    private static readonly string[] OpenAIMediaTypes = ["image/png", "image/jpeg", "image/webp", "image/gif"];
    private static readonly string[] AnthropicMediaTypes = ["image/jpeg", "image/png", "image/gif", "image/webp"];
    private static readonly string[] GeminiMediaTypes = ["image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"];
    private static readonly string[] OllamaMediaTypes = ["image/png", "image/jpeg"];

    /// <summary>The wire protocol these limits are for (<c>openai</c>, <c>anthropic</c>, <c>gemini</c>, <c>ollama</c>).</summary>
    public required string Protocol { get; init; }

    /// <summary>The longest edge, in pixels, worth sending.</summary>
    public required int MaxLongEdge { get; init; }

    /// <summary>The shortest edge, in pixels, worth sending.</summary>
    public required int MaxShortEdge { get; init; }

    /// <summary>The largest width × height worth sending.</summary>
    public required long MaxPixels { get; init; }

    /// <summary>The byte budget for one image; see <see cref="MaxBytesCountsBase64"/> for what is counted.</summary>
    public required long MaxBytes { get; init; }

    /// <summary>
    /// Whether the provider counts <see cref="MaxBytes"/> against the base64 text of the image (4 characters per
    /// 3 bytes) rather than the file itself.
    /// </summary>
    public bool MaxBytesCountsBase64 { get; init; }

    /// <summary>The media types the provider takes, such as <c>image/png</c>.</summary>
    public required IReadOnlyList<string> AcceptedMediaTypes { get; init; }

    /// <summary>
    /// OpenAI (chat completions and responses, and every OpenAI-compatible server), for <c>detail: high</c>:
    /// the image is fitted into 2048×2048 and then scaled so its shortest side is 768 px, so nothing larger than
    /// 2048 on the long side or 768 on the short side reaches the model. Up to 20 MB per image (50 MB of image
    /// bytes per request); PNG, JPEG, WEBP and non-animated GIF.
    /// https://platform.openai.com/docs/guides/images-vision?api-mode=chat#image-input-requirements
    /// https://platform.openai.com/docs/guides/images-vision?api-mode=chat#calculating-costs
    /// </summary>
    public static ImageLimits OpenAI { get; } = new()
    {
        Protocol = "openai",
        MaxLongEdge = 2048,
        MaxShortEdge = 768,
        MaxPixels = 2048L * 768,
        MaxBytes = 20_000_000,
        AcceptedMediaTypes = OpenAIMediaTypes,
    };

    /// <summary>
    /// Anthropic Messages API: an image whose long edge exceeds 1568 px, or which is above ~1,600 tokens, is scaled
    /// down first; the recommendation is at most 1.15 megapixels and 1568 px in both dimensions (larger than
    /// 8000×8000 is rejected). 5 MB per image through the API, counted on the base64 data: the API answers
    /// "image exceeds 5 MB maximum: N bytes &gt; 5242880 bytes" for the encoded string. JPEG, PNG, GIF, WebP.
    /// https://docs.claude.com/en/docs/build-with-claude/vision#evaluate-image-size
    /// https://platform.claude.com/docs/en/build-with-claude/vision.md
    /// https://github.com/anthropics/claude-code/issues/14887 (the 5 MB API limit and its error text)
    /// </summary>
    public static ImageLimits Anthropic { get; } = new()
    {
        Protocol = "anthropic",
        MaxLongEdge = 1568,
        MaxShortEdge = 1568,
        MaxPixels = 1_150_000,
        MaxBytes = 5 * 1024 * 1024,
        MaxBytesCountsBase64 = true,
        AcceptedMediaTypes = AnthropicMediaTypes,
    };

    /// <summary>
    /// Gemini: inline image data must keep the whole request under 20 MB (prompt included, base64 included), and
    /// Vertex AI documents 7 MB per inline file; we budget 7 MB per image so one image, base64-encoded (~9.3 MB),
    /// leaves room for the rest of the request. No pixel limit is documented: images above 384 px are tiled into
    /// 768×768 tiles at 258 tokens each, so we cap the long edge at 3072 (at most 4×4 tiles, 4,128 tokens) as a
    /// cost guard of our own. PNG, JPEG, WEBP, HEIC, HEIF.
    /// https://ai.google.dev/gemini-api/docs/image-understanding
    /// https://ai.google.dev/gemini-api/docs/tokens
    /// https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/image-understanding
    /// </summary>
    public static ImageLimits Gemini { get; } = new()
    {
        Protocol = "gemini",
        MaxLongEdge = 3072,
        MaxShortEdge = 3072,
        MaxPixels = 3072L * 3072,
        MaxBytes = 7_000_000,
        AcceptedMediaTypes = GeminiMediaTypes,
    };

    /// <summary>
    /// Ollama: <c>/api/chat</c> takes base64 <c>images</c> and documents no size limit; the model's own vision
    /// encoder downscales to a few hundred pixels (LLaVA 336 px, Gemma 3 896 px), so sending more only costs time.
    /// We use Anthropic's 1568 px / 1.15 MP as a sensible ceiling that still serves the larger-input models
    /// (Qwen2.5-VL, Llama 3.2 Vision) and keeps the request small for a local server; 20 MB per image as OpenAI's
    /// compatible endpoint would take. PNG and JPEG are the formats every Ollama vision model decodes.
    /// https://docs.ollama.com/api (chat: "images")
    /// https://docs.ollama.com/api/openai-compatibility
    /// </summary>
    public static ImageLimits Ollama { get; } = new()
    {
        Protocol = "ollama",
        MaxLongEdge = 1568,
        MaxShortEdge = 1568,
        MaxPixels = 1_150_000,
        MaxBytes = 20_000_000,
        AcceptedMediaTypes = OllamaMediaTypes,
    };

    /// <summary>The byte budget for the encoded file, after undoing base64 where the provider counts that.</summary>
    public long MaxFileBytes => MaxBytesCountsBase64 ? MaxBytes / 4 * 3 : MaxBytes;

    /// <summary>The limits for a wire protocol name (<c>openai</c>, <c>anthropic</c>, <c>gemini</c>, <c>ollama</c>).</summary>
    /// <exception cref="ArgumentException">The protocol has no known image limits.</exception>
    public static ImageLimits For(string protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return protocol.Trim().ToLowerInvariant() switch
        {
            "openai" => OpenAI,
            "anthropic" => Anthropic,
            "gemini" => Gemini,
            "ollama" => Ollama,
            _ => throw new ArgumentException(
                $"No image limits are known for protocol '{protocol}'. Known: anthropic, gemini, ollama, openai.",
                nameof(protocol)),
        };
    }

    /// <summary>Whether the provider takes this media type.</summary>
    public bool Accepts(string mediaType)
    {
        ArgumentNullException.ThrowIfNull(mediaType);
        foreach (var accepted in AcceptedMediaTypes)
        {
            if (string.Equals(accepted, mediaType, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether an image of this size (as displayed) is within every dimension limit.</summary>
    public bool FitsDimensions(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return Math.Max(width, height) <= MaxLongEdge
            && Math.Min(width, height) <= MaxShortEdge
            && (long)width * height <= MaxPixels;
    }

    /// <summary>Whether an encoded file of this many bytes is within the byte budget.</summary>
    public bool FitsBytes(long fileBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fileBytes);
        return MaxBytesCountsBase64 ? Base64Length(fileBytes) <= MaxBytes : fileBytes <= MaxBytes;
    }

    /// <inheritdoc />
    public bool Equals(ImageLimits? other) =>
        other is not null
        && string.Equals(Protocol, other.Protocol, StringComparison.Ordinal)
        && MaxLongEdge == other.MaxLongEdge
        && MaxShortEdge == other.MaxShortEdge
        && MaxPixels == other.MaxPixels
        && MaxBytes == other.MaxBytes
        && MaxBytesCountsBase64 == other.MaxBytesCountsBase64
        && AcceptedMediaTypes.SequenceEqual(other.AcceptedMediaTypes, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Protocol, StringComparer.Ordinal);
        hash.Add(MaxLongEdge);
        hash.Add(MaxShortEdge);
        hash.Add(MaxPixels);
        hash.Add(MaxBytes);
        hash.Add(MaxBytesCountsBase64);
        foreach (var mediaType in AcceptedMediaTypes)
        {
            hash.Add(mediaType, StringComparer.OrdinalIgnoreCase);
        }

        return hash.ToHashCode();
    }

    private static long Base64Length(long bytes) => (bytes + 2) / 3 * 4;
}
