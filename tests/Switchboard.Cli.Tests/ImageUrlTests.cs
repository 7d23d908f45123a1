using System.Text.Json;
using SkiaSharp;
using Xunit;

namespace Switchboard.Cli.Tests;

/// <summary>
/// <c>--image https://...</c>: OpenAI and Anthropic fetch image URLs themselves, so the URL goes as it is and nothing
/// is downloaded; Gemini and Ollama cannot, so the image is downloaded and inlined. The image and the provider are
/// served by one loopback test server over plain http, which the download refuses unless loopback downloads are
/// switched on (SWITCHBOARD_ALLOW_LOOPBACK_IMAGE_URLS=1): the tests say which case they are in.
/// </summary>
public sealed class ImageUrlTests
{
    private const string ImagePath = "/images/cat.png";

    public static TheoryData<string, string, string, string, string> Providers => new()
    {
        // model, provider path, fixture, key variable, base URL suffix
        { "openai/gpt-4.1-mini", "/v1/chat/completions", "openai/chat_stream_text.sse", "OPENAI_API_KEY", "v1" },
        { "anthropic/claude-sonnet-4-5", "/v1/messages", "anthropic/stream_text.sse", "ANTHROPIC_API_KEY", "" },
        { "gemini/gemini-2.5-flash", ":streamGenerateContent", "gemini/stream_text.sse", "GEMINI_API_KEY", "" },
        { "ollama/gemma3:4b", "/api/chat", "ollama/chat_stream_text.ndjson", "UNUSED_KEY", "" },
    };

    public static TheoryData<string, string, string, string, string> Fetching => Only("openai/", "anthropic/");

    public static TheoryData<string, string, string, string, string> Inlining => Only("gemini/", "ollama/");

    private static byte[] CatPng { get; } = MakePng();

    [Theory]
    [MemberData(nameof(Fetching))]
    public async Task The_url_goes_to_providers_that_fetch_it_untouched_and_is_not_downloaded(string model, string path, string fixture, string key, string suffix)
    {
        await using var server = await StartAsync(path, fixture);
        var url = server.BaseAddress + ImagePath.TrimStart('/') + "?sig=a%2Fb%3D&v=2";

        var run = await RunAsync(server, model, key, suffix, url);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains($"image: {url}: sent as a link", run.Stderr);
        var body = JsonDocument.Parse(Assert.Single(server.Bodies)).RootElement;
        var content = body.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "user").GetProperty("content");
        var sent = model.StartsWith("openai/", StringComparison.Ordinal)
            ? content.EnumerateArray().Single(p => p.GetProperty("type").GetString() == "image_url").GetProperty("image_url").GetProperty("url").GetString()
            : content.EnumerateArray().Single(p => p.GetProperty("type").GetString() == "image").GetProperty("source") is var source
                && source.GetProperty("type").GetString() == "url" ? source.GetProperty("url").GetString() : null;
        Assert.Equal(url, sent);
        Assert.DoesNotContain(server.Requests, r => r.StartsWith(ImagePath, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Inlining))]
    public async Task Providers_that_cannot_fetch_get_the_image_downloaded_and_inlined_when_loopback_downloads_are_on(string model, string path, string fixture, string key, string suffix)
    {
        await using var server = await StartAsync(path, fixture);
        var url = server.BaseAddress + ImagePath.TrimStart('/');

        var run = await RunAsync(server, model, key, suffix, url, allowLoopback: true);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Single(server.Requests, r => r == ImagePath);
        var body = Assert.Single(server.Bodies);
        Assert.DoesNotContain(url, body, StringComparison.Ordinal);

        // The PNG fits every limit, so its bytes go as they were served.
        Assert.Contains(Convert.ToBase64String(CatPng), body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Inlining))]
    public async Task Without_loopback_downloads_a_plain_http_url_is_refused_clearly_and_nothing_is_sent(string model, string path, string fixture, string key, string suffix)
    {
        await using var server = await StartAsync(path, fixture);
        var url = server.BaseAddress + ImagePath.TrimStart('/');

        var run = await RunAsync(server, model, key, suffix, url);

        Assert.Equal(2, run.ExitCode);
        var message = run.Json.GetProperty("error").GetProperty("message").GetString();
        Assert.Contains(url, message, StringComparison.Ordinal);
        Assert.Contains("only https URLs are downloaded", message, StringComparison.Ordinal);
        Assert.Empty(server.Bodies);
        Assert.DoesNotContain(server.Requests, r => r == ImagePath);
    }

    [Theory]
    [MemberData(nameof(Inlining))]
    public async Task An_unreachable_url_is_a_clear_error_and_nothing_is_sent(string model, string path, string fixture, string key, string suffix)
    {
        await using var server = await StartAsync(path, fixture);

        // https, so it is downloaded without any switch; nothing listens on port 1.
        const string url = "https://127.0.0.1:1/missing/cat.png";
        var run = await RunAsync(server, model, key, suffix, url);

        Assert.Equal(2, run.ExitCode);
        var message = run.Json.GetProperty("error").GetProperty("message").GetString();
        Assert.Contains($"Image '{url}' cannot be used: it could not be downloaded", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.Bodies);
    }

    private static TheoryData<string, string, string, string, string> Only(params string[] prefixes)
    {
        var data = new TheoryData<string, string, string, string, string>();
        foreach (var row in Providers)
        {
            var values = row.Data;
            if (prefixes.Any(p => values.Item1.StartsWith(p, StringComparison.Ordinal)))
            {
                data.Add(values.Item1, values.Item2, values.Item3, values.Item4, values.Item5);
            }
        }

        return data;
    }

    private static async Task<FixtureServer> StartAsync(string path, string fixture)
    {
        var server = await FixtureServer.StartAsync();
        server.Route(path, fixture, contentType: fixture.EndsWith(".ndjson", StringComparison.Ordinal) ? "application/x-ndjson" : "text/event-stream");
        server.ServeFile(ImagePath, CatPng, "image/png");
        return server;
    }

    private static Task<CliRun> RunAsync(FixtureServer server, string model, string key, string suffix, string url, bool allowLoopback = false)
    {
        var env = new Dictionary<string, string> { [key] = "k" };
        if (allowLoopback)
        {
            env["SWITCHBOARD_ALLOW_LOOPBACK_IMAGE_URLS"] = "1";
        }

        return CliRun.RunAsync(
            ["chat", "-m", model, "--base-url", server.BaseAddress + suffix, "--image", url, "-p", "What is this?", "--output-format", "json"], env);
    }

    private static byte[] MakePng()
    {
        using var bitmap = new SKBitmap(64, 48);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Orange);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
