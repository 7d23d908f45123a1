using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Models;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Vision.VisionTestKit;
using Switchboard.Catalog;

namespace Switchboard.Providers.Tests.Vision;

/// <summary>
/// A user turn with text and two generated images (a 3000×2000 JPEG and a transparent 2400×1600 PNG), sent through
/// <c>UseImagePreparation</c> and each provider's own client to its emulator over real HTTP: the JSON received is
/// checked field by field against the provider's API reference, and the images in it are decoded and measured
/// against that provider's limits.
/// </summary>
public sealed class VisionRequestTests
{
    [Fact]
    public async Task OpenAI_gets_content_parts_with_image_url_data_urls_and_the_detail_hint()
    {
        // https://platform.openai.com/docs/api-reference/chat/create (user message content parts) and
        // https://platform.openai.com/docs/guides/images-vision (base64 images as data URLs, detail).
        const string fixture = "openai/chat_response_text.json";
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Serve(fixture);
        using var client = Prepared("openai", server, SeeingModel("openai"));
        var message = TextAndImages();
        message.Contents[2].AdditionalProperties = new() { ["detail"] = "high" };

        var response = await client.GetResponseAsync([message], cancellationToken: Ct);

        Assert.Equal(ExpectedText(fixture), response.Text);
        var request = server.LastRequest;
        Assert.Equal("/v1/chat/completions", request.PathAndQuery);
        var sent = request.Json.GetProperty("messages");
        Assert.Equal(1, sent.GetArrayLength());
        Assert.Equal("user", sent[0].GetProperty("role").GetString());
        var parts = sent[0].GetProperty("content");
        Assert.Equal(3, parts.GetArrayLength());
        Assert.Equal(["type", "text"], parts[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("text", parts[0].GetProperty("type").GetString());
        Assert.Equal(Prompt, parts[0].GetProperty("text").GetString());
        foreach (var part in new[] { parts[1], parts[2] })
        {
            Assert.Equal(["type", "image_url"], part.EnumerateObject().Select(p => p.Name));
            Assert.Equal("image_url", part.GetProperty("type").GetString());
        }

        Assert.Equal(["url"], parts[1].GetProperty("image_url").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["url", "detail"], parts[2].GetProperty("image_url").EnumerateObject().Select(p => p.Name));
        Assert.Equal("high", parts[2].GetProperty("image_url").GetProperty("detail").GetString());
        Assert.StartsWith("data:image/jpeg;base64,", parts[1].GetProperty("image_url").GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("data:image/png;base64,", parts[2].GetProperty("image_url").GetProperty("url").GetString(), StringComparison.Ordinal);

        // OpenAI reads at most 2048 on the long side and 768 on the short: 3000×2000 → 1152×768.
        var images = ImagesOf("openai", request.Json);
        using var photo = AssertWithinLimits("openai", images[0].MediaType, images[0].Bytes);
        Assert.Equal((1152, 768), (photo.Width, photo.Height));
        using var overlay = AssertWithinLimits("openai", images[1].MediaType, images[1].Bytes);
        Assert.Equal((1152, 768), (overlay.Width, overlay.Height));
        AssertTransparentSquare(overlay);
    }

    [Fact]
    public async Task Anthropic_gets_image_blocks_with_a_base64_source()
    {
        // https://docs.claude.com/en/api/messages (content blocks) and
        // https://docs.claude.com/en/docs/build-with-claude/vision (source: type, media_type, data).
        var fixture = StreamFixture("anthropic");
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Serve(fixture);
        using var client = Prepared("anthropic", server, SeeingModel("anthropic"));

        Assert.Equal(ExpectedText(fixture), await StreamTextAsync(client, [TextAndImages()]));

        var request = server.LastRequest;
        Assert.Equal("/v1/messages", request.PathAndQuery);
        var sent = request.Json.GetProperty("messages");
        Assert.Equal("user", sent[0].GetProperty("role").GetString());
        var blocks = sent[0].GetProperty("content");
        Assert.Equal(3, blocks.GetArrayLength());
        Assert.Equal("text", blocks[0].GetProperty("type").GetString());
        Assert.Equal(Prompt, blocks[0].GetProperty("text").GetString());
        string[] mediaTypes = ["image/jpeg", "image/png"];
        for (var i = 1; i <= 2; i++)
        {
            Assert.Equal(["type", "source"], blocks[i].EnumerateObject().Select(p => p.Name));
            Assert.Equal("image", blocks[i].GetProperty("type").GetString());
            var source = blocks[i].GetProperty("source");
            Assert.Equal(["type", "media_type", "data"], source.EnumerateObject().Select(p => p.Name));
            Assert.Equal("base64", source.GetProperty("type").GetString());
            Assert.Equal(mediaTypes[i - 1], source.GetProperty("media_type").GetString());

            // The 5 MB limit is on the base64 text itself.
            Assert.True(source.GetProperty("data").GetString()!.Length <= 5 * 1024 * 1024);
        }

        // At most 1568 px on a side and 1.15 megapixels: 3000×2000 → 1313×875.
        var images = ImagesOf("anthropic", request.Json);
        using var photo = AssertWithinLimits("anthropic", images[0].MediaType, images[0].Bytes);
        Assert.Equal((1313, 875), (photo.Width, photo.Height));
        using var overlay = AssertWithinLimits("anthropic", images[1].MediaType, images[1].Bytes);
        Assert.Equal((1313, 875), (overlay.Width, overlay.Height));
        AssertTransparentSquare(overlay);
    }

    [Fact]
    public async Task Gemini_gets_inline_data_parts_in_camel_case()
    {
        // https://ai.google.dev/api/generate-content (Content.parts[].inlineData: mimeType, data as base64) and
        // https://ai.google.dev/gemini-api/docs/image-understanding. The REST API takes the proto JSON names.
        const string fixture = "gemini/response_text.json";
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Serve(fixture);
        using var client = Prepared("gemini", server, SeeingModel("gemini"));

        var response = await client.GetResponseAsync([TextAndImages()], cancellationToken: Ct);

        Assert.Equal(ExpectedText(fixture), response.Text);
        var request = server.LastRequest;
        Assert.StartsWith("/v1beta/models/gemini-2.0-flash:generateContent", request.PathAndQuery, StringComparison.Ordinal);
        var content = request.Json.GetProperty("contents")[0];
        Assert.Equal("user", content.GetProperty("role").GetString());
        var parts = content.GetProperty("parts");
        Assert.Equal(3, parts.GetArrayLength());
        Assert.Equal(["text"], parts[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(Prompt, parts[0].GetProperty("text").GetString());
        string[] mediaTypes = ["image/jpeg", "image/png"];
        for (var i = 1; i <= 2; i++)
        {
            Assert.Equal(["inlineData"], parts[i].EnumerateObject().Select(p => p.Name));
            var inline = parts[i].GetProperty("inlineData");
            Assert.Equal(["mimeType", "data"], inline.EnumerateObject().Select(p => p.Name));
            Assert.Equal(mediaTypes[i - 1], inline.GetProperty("mimeType").GetString());
        }

        // Both fit Gemini's limits as they are, so they go byte for byte as attached.
        var images = ImagesOf("gemini", request.Json);
        Assert.Equal(LargeJpeg, images[0].Bytes);
        Assert.Equal(TransparentPng, images[1].Bytes);
        using var photo = AssertWithinLimits("gemini", images[0].MediaType, images[0].Bytes);
        Assert.Equal((3000, 2000), (photo.Width, photo.Height));
        using var overlay = AssertWithinLimits("gemini", images[1].MediaType, images[1].Bytes);
        AssertTransparentSquare(overlay);
    }

    [Fact]
    public async Task Ollama_gets_raw_base64_in_images_beside_the_text()
    {
        // https://docs.ollama.com/api (chat: message.images, base64-encoded, no data: prefix).
        var fixture = StreamFixture("ollama");
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Serve(fixture);
        using var client = Prepared("ollama", server, SeeingModel("ollama"));

        Assert.Equal(ExpectedText(fixture), await StreamTextAsync(client, [TextAndImages()]));

        var request = server.LastRequest;
        Assert.Equal("/api/chat", request.PathAndQuery);
        var message = request.Json.GetProperty("messages")[0];
        Assert.Equal(["role", "content", "images"], message.EnumerateObject().Select(p => p.Name));
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.Equal(Prompt, message.GetProperty("content").GetString());
        Assert.Equal(2, message.GetProperty("images").GetArrayLength());
        Assert.All(message.GetProperty("images").EnumerateArray(), i => Assert.DoesNotContain("data:", i.GetString(), StringComparison.Ordinal));

        // Our ceiling for a local server: 1568 px and 1.15 megapixels; PNG and JPEG only.
        var images = ImagesOf("ollama", request.Json);
        using var photo = AssertWithinLimits("ollama", images[0].MediaType, images[0].Bytes);
        Assert.Equal(("image/jpeg", 1313, 875), (images[0].MediaType, photo.Width, photo.Height));
        using var overlay = AssertWithinLimits("ollama", images[1].MediaType, images[1].Bytes);
        Assert.Equal("image/png", images[1].MediaType);
        AssertTransparentSquare(overlay);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task An_https_url_passes_through_to_providers_that_fetch_it(string protocol)
    {
        const string url = "https://images.example.test/photos/cat.jpg";
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Serve(StreamFixture(protocol));
        using var client = Prepared(protocol, server, SeeingModel(protocol));
        ChatMessage message = new(ChatRole.User, [new TextContent(Prompt), new UriContent(url, "image/jpeg")]);

        await StreamTextAsync(client, [message]);

        var part = server.LastRequest.Json.GetProperty("messages")[0].GetProperty("content")[1];
        if (protocol == "openai")
        {
            // image_url.url takes "either a URL of the image or the base64 encoded image data".
            Assert.Equal("image_url", part.GetProperty("type").GetString());
            Assert.Equal(url, part.GetProperty("image_url").GetProperty("url").GetString());
        }
        else
        {
            // source: {"type": "url", "url": ...}.
            Assert.Equal("image", part.GetProperty("type").GetString());
            Assert.Equal(["type", "url"], part.GetProperty("source").EnumerateObject().Select(p => p.Name));
            Assert.Equal("url", part.GetProperty("source").GetProperty("type").GetString());
            Assert.Equal(url, part.GetProperty("source").GetProperty("url").GetString());
        }
    }

    /// <remarks>
    /// The image host is a second local Kestrel server, reached over plain http on 127.0.0.1; the client only
    /// downloads https URLs, so the test turns on <c>AllowInsecureLoopbackDownloads</c> for it.
    /// </remarks>
    [Theory]
    [InlineData("ollama")]
    [InlineData("gemini")]
    public async Task A_url_is_downloaded_once_and_inlined_for_providers_that_cannot_fetch_it(string protocol)
    {
        await using var imageHost = await EmulatorServer.StartAsync();
        imageHost.Handler = async (context, _) =>
        {
            context.Response.ContentType = "image/jpeg";
            await context.Response.Body.WriteAsync(LargeJpeg, context.RequestAborted);
        };
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Serve(StreamFixture(protocol));
        using var http = new HttpClient();
        using var client = Prepared(protocol, server, SeeingModel(protocol), http, c => c.AllowInsecureLoopbackDownloads = true);
        var url = new Uri(imageHost.BaseAddress, "photos/cat.jpg");
        List<ChatMessage> conversation = [new(ChatRole.User, [new TextContent(Prompt), new UriContent(url, "image/jpeg")])];

        Assert.Equal(ExpectedText(StreamFixture(protocol)), await StreamTextAsync(client, conversation));
        conversation.Add(new(ChatRole.Assistant, "A cat."));
        conversation.Add(new(ChatRole.User, "What colour?"));
        await StreamTextAsync(client, conversation);

        var download = Assert.Single(imageHost.Requests);
        Assert.Equal(("GET", "/photos/cat.jpg"), (download.Method, download.PathAndQuery));
        Assert.Equal(2, server.Requests.Count);
        Assert.DoesNotContain(url.ToString(), server.LastRequest.BodyText, StringComparison.Ordinal);
        var image = Assert.Single(ImagesOf(protocol, server.LastRequest.Json));
        using var decoded = AssertWithinLimits(protocol, image.MediaType, image.Bytes);
        Assert.Equal(protocol == "ollama" ? (1313, 875) : (3000, 2000), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task A_url_that_cannot_be_downloaded_fails_naming_it_before_the_provider_is_called()
    {
        await using var imageHost = await EmulatorServer.StartAsync();
        imageHost.Handler = (context, _) =>
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        };
        await using var server = await EmulatorServer.StartAsync();
        using var client = Prepared("ollama", server, SeeingModel("ollama"), configure: c => c.AllowInsecureLoopbackDownloads = true);
        var url = new Uri(imageHost.BaseAddress, "missing.png");

        var ex = await Assert.ThrowsAsync<Switchboard.Images.ImagePreparationException>(() => StreamTextAsync(client,
            [new ChatMessage(ChatRole.User, [new TextContent(Prompt), new UriContent(url, "image/png")])]));

        Assert.Contains(url.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains("404", ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    public static TheoryData<string, string> BlindModels => new()
    {
        { "openai", "openai/o3-mini" }, // listed in the shipped catalog without vision
        { "anthropic", "anthropic/claude-text-only" },
        { "gemini", "gemini/gemini-text-only" },
        { "ollama", "ollama/llama3.2" },
    };

    [Theory]
    [MemberData(nameof(BlindModels))]
    public async Task A_model_without_vision_is_refused_before_any_request(string protocol, string modelId)
    {
        var model = VisionTestKit.Catalog.Find(ModelId.Parse(modelId)) is { Capabilities.Vision: false } listed
            ? listed
            : new ModelInfo { Id = modelId, Capabilities = new() { Vision = false } };
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Serve(StreamFixture(protocol));
        using var client = Prepared(protocol, server, model);

        var streamed = await Assert.ThrowsAsync<ProviderException>(() => StreamTextAsync(client, [TextAndImages()]));
        var whole = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([TextAndImages()], cancellationToken: Ct));

        foreach (var ex in new[] { streamed, whole })
        {
            Assert.Equal(ProviderErrorKind.InvalidRequest, ex.Kind);
            Assert.Equal(protocol, ex.Provider);
            Assert.False(ex.IsRetryable);
            Assert.Null(ex.StatusCode);
            Assert.Contains($"{modelId} cannot read images", ex.Message, StringComparison.Ordinal);
        }

        Assert.Empty(server.Requests);
    }
}
