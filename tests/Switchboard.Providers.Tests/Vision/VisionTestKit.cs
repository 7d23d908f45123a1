using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using SkiaSharp;
using Switchboard.Core.Catalog;
using Switchboard.Models;
using Switchboard.Images;
using Switchboard.Providers.Anthropic;
using Switchboard.Providers.Gemini;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.OpenAI;
using Switchboard.Providers.Tests.Anthropic;
using Switchboard.Providers.Tests.Gemini;
using Switchboard.Providers.Tests.Infrastructure;
using Switchboard.Providers.Tests.Ollama;
using Switchboard.Providers.Tests.OpenAI;
using Xunit;
using Switchboard.Catalog;

namespace Switchboard.Providers.Tests.Vision;

/// <summary>
/// Images made in the tests with SkiaSharp, the four providers' clients behind image preparation, and readers for
/// the images each provider's request carries.
/// </summary>
internal static class VisionTestKit
{
    public const string Prompt = "What is in these pictures?";

    /// <summary>A 3000×2000 photo-like JPEG (a smooth gradient), larger than OpenAI, Anthropic and Ollama read.</summary>
    public static byte[] LargeJpeg => LargeJpegBytes.Value;

    /// <summary>A 2400×1600 PNG, transparent but for an opaque red square in the middle third.</summary>
    public static byte[] TransparentPng => TransparentPngBytes.Value;

    public static readonly ModelCatalog Catalog = ModelCatalog.CreateDefault();

    private static readonly Lazy<byte[]> LargeJpegBytes = new(() =>
    {
        using var bitmap = new SKBitmap(3000, 2000, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(bitmap))
        using (var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(3000, 2000),
            [SKColors.DarkBlue, SKColors.Orange, SKColors.ForestGreen], SKShaderTileMode.Clamp))
        using (var paint = new SKPaint { Shader = shader })
        {
            canvas.DrawRect(0, 0, 3000, 2000, paint);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    });

    private static readonly Lazy<byte[]> TransparentPngBytes = new(() =>
    {
        using var bitmap = new SKBitmap(2400, 1600, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Color = SKColors.Red })
        {
            canvas.Clear(SKColors.Transparent);
            canvas.DrawRect(800, 1600 / 3f, 800, 1600 / 3f, paint);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    });

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static IReadOnlyList<string> Protocols { get; } = ["openai", "anthropic", "gemini", "ollama"];

    /// <summary>Each provider's recorded streamed text answer, served by its emulator.</summary>
    public static string StreamFixture(string protocol) => protocol switch
    {
        "openai" => "openai/chat_stream_text.sse",
        "anthropic" => "anthropic/stream_text.sse",
        "gemini" => "gemini/stream_text.sse",
        "ollama" => "ollama/chat_stream_text.ndjson",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };

    public static string ExpectedText(string fixture) => Fixture.Expected(fixture).GetProperty("text").GetString()!;

    /// <summary>Serves <paramref name="fixture"/> as the provider would: event stream, NDJSON or a JSON body.</summary>
    public static Func<HttpContext, RecordedRequest, Task> Serve(string fixture)
    {
        var bytes = Fixture.Bytes(fixture);
        return Path.GetExtension(fixture) switch
        {
            ".sse" => OpenAITestKit.StreamHandler(bytes),
            ".ndjson" => OllamaTestKit.Ndjson(bytes),
            _ => OpenAITestKit.JsonHandler(200, bytes),
        };
    }

    /// <summary>The provider's own client, aimed at the emulator.</summary>
    public static IChatClient ProviderClient(string protocol, EmulatorServer server) => protocol switch
    {
        "openai" => OpenAITestKit.Client(server),
        "anthropic" => AnthropicTestSupport.CreateClient(server),
        "gemini" => GeminiTestKit.CreateClient(server),
        "ollama" => OllamaTestKit.Client(server),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };

    /// <summary>A catalog model with vision for each protocol (Ollama models are not listed, so unknown).</summary>
    public static ModelInfo? SeeingModel(string protocol) => protocol switch
    {
        "openai" => Catalog.Find(ModelId.Parse("openai/gpt-4.1")),
        "anthropic" => Catalog.Find(ModelId.Parse("anthropic/claude-sonnet-4-5")),
        "gemini" => Catalog.Find(ModelId.Parse("gemini/gemini-2.5-flash")),
        "ollama" => new ModelInfo { Id = "ollama/gemma3:4b", Free = true, Capabilities = new() { Vision = true } },
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };

    /// <summary>What a protocol's descriptor says about images.</summary>
    public static ProviderImageSupport Support(string protocol) => protocol switch
    {
        "openai" => OpenAIProviderDescriptor.Instance.Images!,
        "anthropic" => AnthropicProviderDescriptor.Instance.Images!,
        "gemini" => GeminiProviderDescriptor.Instance.Images!,
        "ollama" => OllamaProviderDescriptor.Instance.Images!,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };

    /// <summary>The provider client behind <c>UseImagePreparation</c>, as the host builds it.</summary>
    public static IChatClient Prepared(string protocol, EmulatorServer server, ModelInfo? model, HttpClient? http = null,
        Action<ImagePreparingChatClient>? configure = null) =>
        new ChatClientBuilder(ProviderClient(protocol, server)).UseImagePreparation(Support(protocol), model, http, configure).Build();

    /// <summary>
    /// The images of the first message in a recorded request, decoded from the provider's own shape: OpenAI data URLs
    /// in <c>image_url.url</c>, Anthropic base64 <c>source</c> blocks, Gemini <c>inlineData</c>, Ollama <c>images</c>.
    /// </summary>
    public static List<(string MediaType, byte[] Bytes)> ImagesOf(string protocol, JsonElement request) => protocol switch
    {
        "openai" => [.. request.GetProperty("messages")[0].GetProperty("content").EnumerateArray()
            .Where(p => p.GetProperty("type").GetString() == "image_url")
            .Select(p => ParseDataUrl(p.GetProperty("image_url").GetProperty("url").GetString()!))],
        "anthropic" => [.. request.GetProperty("messages")[0].GetProperty("content").EnumerateArray()
            .Where(p => p.GetProperty("type").GetString() == "image")
            .Select(p => (p.GetProperty("source").GetProperty("media_type").GetString()!,
                Convert.FromBase64String(p.GetProperty("source").GetProperty("data").GetString()!)))],
        "gemini" => [.. request.GetProperty("contents")[0].GetProperty("parts").EnumerateArray()
            .Where(p => p.TryGetProperty("inlineData", out _))
            .Select(p => (p.GetProperty("inlineData").GetProperty("mimeType").GetString()!,
                Convert.FromBase64String(p.GetProperty("inlineData").GetProperty("data").GetString()!)))],
        "ollama" => [.. request.GetProperty("messages")[0].GetProperty("images").EnumerateArray()
            .Select(i => (MediaTypeOf(Convert.FromBase64String(i.GetString()!)), Convert.FromBase64String(i.GetString()!)))],
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };

    public static (string MediaType, byte[] Bytes) ParseDataUrl(string url)
    {
        // data:<media type>;base64,<data> (RFC 2397), the form OpenAI's image_url takes for inline images.
        Assert.StartsWith("data:", url, StringComparison.Ordinal);
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        var header = url[5..comma];
        Assert.EndsWith(";base64", header, StringComparison.Ordinal);
        return (header[..^";base64".Length], Convert.FromBase64String(url[(comma + 1)..]));
    }

    /// <summary>The media type the bytes really are, by their codec, not by what the request says.</summary>
    public static string MediaTypeOf(byte[] bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw new InvalidOperationException("Not an image.");
        return codec.EncodedFormat switch
        {
            SKEncodedImageFormat.Jpeg => "image/jpeg",
            SKEncodedImageFormat.Png => "image/png",
            SKEncodedImageFormat.Webp => "image/webp",
            var other => other.ToString(),
        };
    }

    /// <summary>Decodes an image unpremultiplied, so a pixel's alpha and colour read as stored.</summary>
    public static SKBitmap Decode(byte[] bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw new InvalidOperationException("Not an image.");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, bitmap.GetPixels()));
        return bitmap;
    }

    /// <summary>Asserts the image is a whole, decodable image within every limit of the provider.</summary>
    public static SKBitmap AssertWithinLimits(string protocol, string mediaType, byte[] bytes)
    {
        var limits = Support(protocol).Limits;
        Assert.True(limits.Accepts(mediaType), $"{protocol} does not take {mediaType}");
        Assert.Equal(mediaType, MediaTypeOf(bytes));
        Assert.True(limits.FitsBytes(bytes.Length), $"{bytes.Length} bytes is over the {protocol} budget");
        var bitmap = Decode(bytes);
        Assert.True(limits.FitsDimensions(bitmap.Width, bitmap.Height), $"{bitmap.Width}×{bitmap.Height} is over the {protocol} limits");
        return bitmap;
    }

    /// <summary>The transparent PNG after preparation: still transparent at the corner, still red in the middle.</summary>
    public static void AssertTransparentSquare(SKBitmap bitmap)
    {
        Assert.Equal(0, bitmap.GetPixel(2, 2).Alpha);
        var middle = bitmap.GetPixel(bitmap.Width / 2, bitmap.Height / 2);
        Assert.Equal((255, 255, 0, 0), ((int)middle.Alpha, (int)middle.Red, (int)middle.Green, (int)middle.Blue));
    }

    public static async Task<string> StreamTextAsync(IChatClient client, IEnumerable<ChatMessage> messages)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var update in client.GetStreamingResponseAsync(messages, cancellationToken: Ct))
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }

    /// <summary>A user turn with text beside the two generated images, as bytes in memory.</summary>
    public static ChatMessage TextAndImages() => new(ChatRole.User,
    [
        new TextContent(Prompt),
        new DataContent(LargeJpeg, "image/jpeg") { Name = "photo.jpg" },
        new DataContent(TransparentPng, "image/png") { Name = "overlay.png" },
    ]);
}
