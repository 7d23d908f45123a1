using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using SkiaSharp;
using Switchboard.Errors;
using Xunit;
using Switchboard.Catalog;

namespace Switchboard.Images.Tests;

public sealed class ImagePreparingChatClientTests
{
    private static readonly Lazy<byte[]> LargePhoto = new(() =>
    {
        using var bitmap = TestImages.Gradient(3000, 2000);
        return TestImages.Jpeg(bitmap);
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ModelInfo Model(bool? vision) => new() { Id = "openai/test-model", Capabilities = new() { Vision = vision } };

    [Fact]
    public async Task An_oversized_image_is_replaced_by_a_prepared_copy_and_the_callers_messages_stay_as_they_were()
    {
        var inner = new RecordingChatClient();
        using var client = new ImagePreparingChatClient(inner, ProtocolImages.Of("anthropic"), Model(true));
        var original = new DataContent(LargePhoto.Value, "image/jpeg") { Name = "photo.jpg" };
        var text = new TextContent("What is this?");
        var message = new ChatMessage(ChatRole.User, [text, original]);
        List<ChatMessage> messages = [new(ChatRole.System, "Be brief."), message];

        await client.GetResponseAsync(messages, cancellationToken: Ct);

        // The caller's list, message and contents are untouched.
        Assert.Equal(2, messages.Count);
        Assert.Same(original, message.Contents[1]);
        Assert.Equal(LargePhoto.Value.Length, original.Data.Length);

        var sent = inner.Last;
        Assert.Same(messages[0], sent[0]); // nothing to do: the same instance
        Assert.NotSame(message, sent[1]);
        Assert.Same(text, sent[1].Contents[0]);
        var image = Assert.IsType<DataContent>(sent[1].Contents[1]);
        Assert.Equal("photo.jpg", image.Name);
        using var decoded = TestImages.Decode(image.Data);
        Assert.True(ProtocolImages.Of("anthropic").Limits.FitsDimensions(decoded.Width, decoded.Height));
        Assert.Equal((1313, 875), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task The_same_data_content_is_prepared_once_per_limits_across_calls_and_streams()
    {
        var inner = new RecordingChatClient();
        using var client = new ImagePreparingChatClient(inner, ProtocolImages.Of("openai"));
        var photo = new DataContent(LargePhoto.Value, "image/jpeg");
        List<ChatMessage> conversation = [new(ChatRole.User, [new TextContent("Describe it."), photo])];

        await client.GetResponseAsync(conversation, cancellationToken: Ct);
        conversation.Add(new(ChatRole.Assistant, "A gradient."));
        conversation.Add(new(ChatRole.User, "And the colours?"));
        await foreach (var _ in client.GetStreamingResponseAsync(conversation, cancellationToken: Ct))
        {
        }

        var first = (DataContent)inner.Calls[0][0].Contents[1];
        var second = (DataContent)inner.Calls[1][0].Contents[1];
        Assert.True(MemoryMarshal.TryGetArray(first.Data, out var a));
        Assert.True(MemoryMarshal.TryGetArray(second.Data, out var b));
        Assert.Same(a.Array, b.Array); // one preparation, its bytes sent twice
        Assert.Equal("image/jpeg", second.MediaType);
    }

    [Fact]
    public async Task An_image_that_already_fits_goes_as_the_callers_own_content()
    {
        var inner = new RecordingChatClient();
        using var client = new ImagePreparingChatClient(inner, ProtocolImages.Of("ollama"));
        using var bitmap = TestImages.Halves(64, 48, SKColors.Red, SKColors.Blue);
        var small = new DataContent(TestImages.Png(bitmap), "image/png");

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("?"), small])], cancellationToken: Ct);

        Assert.Same(small, inner.Last[0].Contents[1]);
    }

    [Fact]
    public async Task A_model_without_vision_is_refused_before_anything_is_read_or_sent()
    {
        var inner = new RecordingChatClient();
        using var client = new ImagePreparingChatClient(inner, ProtocolImages.Of("openai"), Model(false));
        var reference = new ImageReference(Path.Combine(Path.GetTempPath(), "switchboard-never-read.png"));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new TextContent("Look"), new ImageReferenceContent(reference)])], cancellationToken: Ct));

        Assert.Equal(ProviderErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal("openai", ex.Provider);
        Assert.Contains("openai/test-model cannot read images", ex.Message, StringComparison.Ordinal);
        Assert.Empty(inner.Calls);
        Assert.Equal(0, reference.LoadCount);

        // Text alone still goes through; an unknown capability is not a refusal.
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], cancellationToken: Ct);
        using var unknown = new ImagePreparingChatClient(inner, ProtocolImages.Of("openai"), Model(null));
        await unknown.GetResponseAsync([new ChatMessage(ChatRole.User, [new UriContent("https://example.test/a.png", "image/png")])], cancellationToken: Ct);
        Assert.Equal(2, inner.Calls.Count);
    }

    [Fact]
    public async Task The_detail_hint_and_other_properties_travel_onto_the_prepared_image()
    {
        var inner = new RecordingChatClient();
        using var client = new ImagePreparingChatClient(inner, ProtocolImages.Of("openai"));
        var reference = new ImageReferenceContent(new ImageReference(LargePhoto.Value, "photo.jpg"))
        {
            AdditionalProperties = new() { ["detail"] = "low" },
        };
        var data = new DataContent(LargePhoto.Value, "image/jpeg") { AdditionalProperties = new() { ["detail"] = "high" } };

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, [reference, data])], cancellationToken: Ct);

        var sent = inner.Last[0].Contents.Cast<DataContent>().ToList();
        Assert.Equal("low", sent[0].AdditionalProperties?["detail"]);
        Assert.Equal("photo.jpg", sent[0].Name);
        Assert.Equal("high", sent[1].AdditionalProperties?["detail"]);
        Assert.NotSame(reference.AdditionalProperties, sent[0].AdditionalProperties);
    }

    [Fact]
    public async Task Urls_pass_through_where_the_provider_fetches_them_and_are_downloaded_once_where_it_cannot()
    {
        using var handler = new CountingHandler(HttpStatusCode.OK, LargePhoto.Value);
        using var http = new HttpClient(handler);
        var url = new UriContent("https://images.example.test/photo.jpg", "image/jpeg");
        var files = new UriContent("https://generativelanguage.googleapis.com/v1beta/files/abc-123", "image/png");
        var gcs = new UriContent("gs://bucket/photo.jpg", "image/jpeg");
        ChatMessage[] messages = [new(ChatRole.User, [new TextContent("Compare"), url, files, gcs])];

        foreach (var protocol in new[] { "openai", "anthropic" })
        {
            var passThrough = new RecordingChatClient();
            using var client = new ImagePreparingChatClient(passThrough, ProtocolImages.Of(protocol), httpClient: http);
            await client.GetResponseAsync(messages, cancellationToken: Ct);
            Assert.Same(messages[0], passThrough.Last[0]);
        }

        Assert.Equal(0, handler.Requests);

        var gemini = new RecordingChatClient();
        using (var client = new ImagePreparingChatClient(gemini, ProtocolImages.Of("gemini"), httpClient: http))
        {
            await client.GetResponseAsync(messages, cancellationToken: Ct);
            await client.GetResponseAsync(messages, cancellationToken: Ct);
        }

        var sent = gemini.Last[0].Contents;
        var inlined = Assert.IsType<DataContent>(sent[1]);
        Assert.Equal("photo.jpg", inlined.Name);
        Assert.Same(files, sent[2]); // a Files API upload is Gemini's own
        Assert.Same(gcs, sent[3]);
        Assert.Equal(1, handler.Requests);

        var ollama = new RecordingChatClient();
        using (var client = new ImagePreparingChatClient(ollama, ProtocolImages.Of("ollama"), httpClient: http))
        {
            await client.GetResponseAsync([new ChatMessage(ChatRole.User, [url])], cancellationToken: Ct);
        }

        using var decoded = TestImages.Decode(Assert.IsType<DataContent>(ollama.Last[0].Contents[0]).Data);
        Assert.True(ProtocolImages.Of("ollama").Limits.FitsDimensions(decoded.Width, decoded.Height));
        Assert.Equal(2, handler.Requests);
    }

    [Fact]
    public async Task Plain_http_is_downloaded_only_from_loopback_and_only_when_allowed()
    {
        using var handler = new CountingHandler(HttpStatusCode.OK, LargePhoto.Value);
        using var http = new HttpClient(handler);
        var inner = new RecordingChatClient();
        using var client = new ImagePreparingChatClient(inner, ProtocolImages.Of("ollama"), httpClient: http);
        ChatMessage[] local = [new(ChatRole.User, [new UriContent("http://127.0.0.1:9/photo.jpg", "image/jpeg")])];
        ChatMessage[] remote = [new(ChatRole.User, [new UriContent("http://images.example.test/photo.jpg", "image/jpeg")])];

        var refused = await Assert.ThrowsAsync<ImagePreparationException>(() => client.GetResponseAsync(local, cancellationToken: Ct));
        Assert.Contains("http://127.0.0.1:9/photo.jpg", refused.Message, StringComparison.Ordinal);
        Assert.Contains("only https", refused.Message, StringComparison.Ordinal);

        client.AllowInsecureLoopbackDownloads = true;
        await client.GetResponseAsync(local, cancellationToken: Ct);
        await Assert.ThrowsAsync<ImagePreparationException>(() => client.GetResponseAsync(remote, cancellationToken: Ct));

        Assert.Equal(1, handler.Requests);
        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task A_failed_or_oversized_download_is_an_error_naming_the_url()
    {
        using var missing = new CountingHandler(HttpStatusCode.NotFound, "gone"u8.ToArray());
        using var http = new HttpClient(missing);
        var inner = new RecordingChatClient();
        using var client = new ImagePreparingChatClient(inner, ProtocolImages.Of("ollama"), httpClient: http);

        var notFound = await Assert.ThrowsAsync<ImagePreparationException>(() => client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new UriContent("https://images.example.test/missing.png", "image/png")])], cancellationToken: Ct));
        Assert.Contains("https://images.example.test/missing.png", notFound.Message, StringComparison.Ordinal);
        Assert.Contains("404", notFound.Message, StringComparison.Ordinal);

        using var large = new CountingHandler(HttpStatusCode.OK, LargePhoto.Value);
        using var http2 = new HttpClient(large);
        using var limited = new ImagePreparingChatClient(inner, ProtocolImages.Of("gemini"), httpClient: http2) { MaxDownloadBytes = 1000 };
        var tooLarge = await Assert.ThrowsAsync<ImagePreparationException>(() => limited.GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new UriContent("https://images.example.test/huge.jpg", "image/jpeg")])], cancellationToken: Ct));
        Assert.Equal(ImagePreparationFailure.CannotFit, tooLarge.Failure);
        Assert.Contains("https://images.example.test/huge.jpg", tooLarge.Message, StringComparison.Ordinal);
        Assert.Contains("1,000-byte limit", tooLarge.Message, StringComparison.Ordinal);
        Assert.Empty(inner.Calls);
    }

    [Fact]
    public async Task A_broken_file_fails_with_its_name_and_nothing_is_sent()
    {
        var path = Path.Combine(Path.GetTempPath(), $"switchboard-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(path, "not an image at all"u8.ToArray(), Ct);
        try
        {
            var inner = new RecordingChatClient();
            using var client = new ImagePreparingChatClient(inner, ProtocolImages.Of("anthropic"));
            var ex = await Assert.ThrowsAsync<ImagePreparationException>(() => client.GetResponseAsync(
                [new ChatMessage(ChatRole.User, [new TextContent("?"), new ImageReferenceContent(new ImageReference(path))])], cancellationToken: Ct));

            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
            Assert.Empty(inner.Calls);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_file_url_is_read_locally_for_every_provider()
    {
        var path = Path.Combine(Path.GetTempPath(), $"switchboard-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(path, LargePhoto.Value, Ct);
        try
        {
            var inner = new RecordingChatClient();
            using var client = new ImagePreparingChatClient(inner, ProtocolImages.Of("openai"));
            await client.GetResponseAsync([new ChatMessage(ChatRole.User, [new UriContent(new Uri(path), "image/jpeg")])], cancellationToken: Ct);

            var sent = Assert.IsType<DataContent>(inner.Last[0].Contents[0]);
            Assert.Equal(Path.GetFileName(path), sent.Name);
            using var decoded = TestImages.Decode(sent.Data);
            Assert.Equal((1152, 768), (decoded.Width, decoded.Height));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_protocol_without_images_refuses_them_before_sending()
    {
        var inner = new RecordingChatClient();
        using var client = new ImageRefusingChatClient(inner, "local/stories260K");
        ChatMessage[] withImage = [new(ChatRole.User, [new TextContent("what is this?"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")])];

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(withImage, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("local/stories260K cannot read images", error.Message, StringComparison.Ordinal);
        Assert.Empty(inner.Calls);
        Assert.Equal("ok", (await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken)).Text);
    }
}
