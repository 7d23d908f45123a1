using System.Text.Json;
using SkiaSharp;
using Xunit;

namespace Switchboard.Cli.Tests;

/// <summary><c>--image</c> and <c>/image</c>: images attached, prepared for the provider, their size and tokens shown.</summary>
public sealed class ImageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("switchboard-images-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Photo(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.SkyBlue);
            using var paint = new SKPaint { Color = SKColors.OrangeRed };
            canvas.DrawCircle(width / 2f, height / 2f, height / 4f, paint);
        }

        var path = Path.Combine(_folder, $"photo-{width}x{height}.jpg");
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    [Fact]
    public async Task An_image_is_resized_for_the_provider_and_described()
    {
        var photo = Photo(3000, 2000);
        await using var server = await ScriptedOpenAIServer.StartAsync();
        server.EnqueueText("A red circle on blue.");

        var run = await CliRun.RunAsync(
            ["chat", "-m", "openai/gpt-4.1-mini", "--base-url", server.BaseUrl, "--image", photo, "-p", "What is this?", "--output-format", "json"],
            new Dictionary<string, string> { ["OPENAI_API_KEY"] = "k" });

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("A red circle on blue. ", run.Json.GetProperty("text").GetString());
        Assert.Contains("image: photo-3000x2000.jpg: 3000×2000", run.Stderr);
        Assert.Contains("tokens for openai", run.Stderr);

        var user = server.MessagesOf(0).Single(m => m.GetProperty("role").GetString() == "user");
        var parts = user.GetProperty("content").EnumerateArray().ToList();
        Assert.Equal("What is this?", parts.Single(p => p.GetProperty("type").GetString() == "text").GetProperty("text").GetString());
        var url = parts.Single(p => p.GetProperty("type").GetString() == "image_url").GetProperty("image_url").GetProperty("url").GetString()!;
        Assert.StartsWith("data:image/jpeg;base64,", url, StringComparison.Ordinal);
        using var sent = SKBitmap.Decode(Convert.FromBase64String(url["data:image/jpeg;base64,".Length..]));
        // OpenAI (high detail): fit in 2048×2048, then the short side at most 768.
        Assert.True(Math.Min(sent.Width, sent.Height) <= 768 && Math.Max(sent.Width, sent.Height) <= 2048, $"{sent.Width}×{sent.Height}");
        Assert.Equal(3.0 / 2.0, (double)sent.Width / sent.Height, 2);
    }

    [Fact]
    public async Task The_offline_model_refuses_images_clearly()
    {
        var run = await CliRun.RunAsync(["chat", "--image", Photo(100, 100), "-p", "What is this?", "--output-format", "json"]);
        Assert.Equal(1, run.ExitCode);
        var error = run.Json.GetProperty("error");
        Assert.Equal("invalid_request", error.GetProperty("kind").GetString());
        Assert.Contains("cannot read images", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_missing_or_corrupt_image_is_named()
    {
        var missing = await CliRun.RunAsync(["chat", "--image", Path.Combine(_folder, "nope.png"), "-p", "x", "--output-format", "json"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.png", missing.Json.GetProperty("error").GetProperty("message").GetString());

        var corrupt = Path.Combine(_folder, "broken.jpg");
        await File.WriteAllBytesAsync(corrupt, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3], TestContext.Current.CancellationToken);
        await using var server = await ScriptedOpenAIServer.StartAsync();
        var run = await CliRun.RunAsync(
            ["chat", "-m", "openai/gpt-4.1-mini", "--base-url", server.BaseUrl, "--image", corrupt, "-p", "x", "--output-format", "json"],
            new Dictionary<string, string> { ["OPENAI_API_KEY"] = "k" });
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("broken.jpg", run.Json.GetProperty("error").GetProperty("message").GetString());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Slash_image_attaches_to_the_next_message_only()
    {
        var photo = Photo(800, 600);
        await using var server = await ScriptedOpenAIServer.StartAsync();
        server.EnqueueText("A circle.");
        server.EnqueueText("Still a circle.");

        var run = await CliRun.RunAsync(
            ["chat", "-m", "anthropic-compatible-openai/gpt-4.1-mini", "--base-url", server.BaseUrl],
            new Dictionary<string, string> { ["OPENAI_API_KEY"] = "k", ["SWITCHBOARD_CONFIG"] = WriteConfig() },
            stdin: $"/image {photo}\nwhat is it?\nand now?\n/exit\n");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("attached photo-800x600.jpg: 800×600", run.Stdout);
        static int Images(IReadOnlyList<JsonElement> messages) => messages
            .Where(m => m.GetProperty("content").ValueKind == JsonValueKind.Array)
            .SelectMany(m => m.GetProperty("content").EnumerateArray())
            .Count(p => p.GetProperty("type").GetString() == "image_url");
        Assert.Equal(1, Images(server.MessagesOf(0)));
        // The second turn resends the history (with its one image) but attaches nothing new.
        Assert.Equal(1, Images(server.MessagesOf(1)));
    }

    private string WriteConfig()
    {
        var path = Path.Combine(_folder, "config.json");
        File.WriteAllText(path, """{ "providers": { "anthropic-compatible-openai": { "protocol": "openai", "api_key": "k" } } }""");
        return path;
    }
}
