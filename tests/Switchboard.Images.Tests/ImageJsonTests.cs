using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Core.Caching;
using Xunit;

namespace Switchboard.Images.Tests;

public sealed class ImageJsonTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_reference_serializes_as_a_switchboard_image_and_reads_back()
    {
        var path = Path.Combine(Path.GetTempPath(), "shots", "screen.png");
        var content = new ImageReferenceContent(new ImageReference(path)) { AdditionalProperties = new() { ["detail"] = "low" } };
        var message = new ChatMessage(ChatRole.User, [new TextContent("See"), content]);

        var json = JsonSerializer.Serialize(message, ImageJson.Options.GetTypeInfo(typeof(ChatMessage)));
        using var document = JsonDocument.Parse(json);
        var part = document.RootElement.GetProperty("contents")[1];

        Assert.Equal("switchboard_image", part.GetProperty("$type").GetString());
        Assert.Equal("screen.png", part.GetProperty("name").GetString());
        Assert.Equal(path, part.GetProperty("source").GetString());
        Assert.Equal("low", part.GetProperty("additionalProperties").GetProperty("detail").GetString());

        var back = (ChatMessage)JsonSerializer.Deserialize(json, ImageJson.Options.GetTypeInfo(typeof(ChatMessage)))!;
        var read = Assert.IsType<ImageReferenceContent>(back.Contents[1]);
        Assert.Equal(path, read.Source);
        Assert.Equal(path, read.Reference.Name);
        Assert.Equal("screen.png", read.Name);
    }

    [Fact]
    public async Task Urls_keep_their_address_and_bytes_only_their_hash()
    {
        var url = new ImageReferenceContent(new ImageReference(new Uri("https://example.test/a/photo.jpg"), new HttpClient()));
        var bytes = new ImageReferenceContent(new ImageReference(new byte[] { 1, 2, 3 }, "clipboard.png"));

        Assert.Equal("https://example.test/a/photo.jpg", url.Source);
        Assert.Equal("photo.jpg", url.Name);
        Assert.Equal("sha256:039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", bytes.Source);

        var json = JsonSerializer.Serialize<AIContent>(bytes, ImageJson.Options);
        var back = Assert.IsType<ImageReferenceContent>(JsonSerializer.Deserialize<AIContent>(json, ImageJson.Options));
        Assert.Equal(bytes.Source, back.Source);
        var ex = await Assert.ThrowsAsync<ImagePreparationException>(() => back.Reference.GetPreparedAsync(ProtocolImages.Of("openai").Limits, Ct));
        Assert.Contains("clipboard.png", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_to_registers_the_type_on_callers_options()
    {
        var options = ImageJson.AddTo(new JsonSerializerOptions(AIJsonUtilities.DefaultOptions));
        var json = JsonSerializer.Serialize<AIContent>(new ImageReferenceContent(new ImageReference("/tmp/x.png")), options);

        Assert.Contains("\"$type\": \"switchboard_image\"", json, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ImageJson.AddTo(ImageJson.Options));
    }

    [Fact]
    public async Task A_conversation_with_a_reference_is_cached_when_keys_use_the_image_options()
    {
        var inner = new RecordingChatClient();
        var path = Path.Combine(Path.GetTempPath(), "switchboard-cached.png");
        ChatMessage[] conversation = [new(ChatRole.User, [new TextContent("What is it?"), new ImageReferenceContent(new ImageReference(path))])];

        // The default options know nothing of the custom content, and say so rather than hashing a wrong key.
        using var plain = new HybridCachingChatClient(inner, Switchboard.Redis.ResponseCacheFactory.Create(), "openai/gpt-test");
        await Assert.ThrowsAsync<NotSupportedException>(() => plain.GetResponseAsync(conversation, cancellationToken: Ct));

        using var cached = new HybridCachingChatClient(inner, Switchboard.Redis.ResponseCacheFactory.Create(), "openai/gpt-test", keySerializerOptions: ImageJson.Options);
        await cached.GetResponseAsync(conversation, cancellationToken: Ct);
        var second = await cached.GetResponseAsync(
            [new(ChatRole.User, [new TextContent("What is it?"), new ImageReferenceContent(new ImageReference(path))])], cancellationToken: Ct);
        await cached.GetResponseAsync(
            [new(ChatRole.User, [new TextContent("What is it?"), new ImageReferenceContent(new ImageReference(path + ".2"))])], cancellationToken: Ct);

        Assert.Equal("ok", second.Text);
        Assert.Equal(2, inner.Calls.Count); // the same image again is a hit; another image is not
    }
}
