using Microsoft.Extensions.AI;
using Switchboard.Core.Caching;
using Switchboard.Images;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Vision.VisionTestKit;

namespace Switchboard.Providers.Tests.Vision;

/// <summary>
/// End to end over real HTTP: a conversation holding an image file by path, sent turn after turn through the
/// response cache, image preparation and each provider's client to its emulator, which answers with its recorded
/// text fixture.
/// </summary>
public sealed class VisionConversationTests
{
    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    [InlineData("gemini")]
    [InlineData("ollama")]
    public async Task An_image_file_in_a_conversation_is_read_once_and_sent_on_every_turn(string protocol)
    {
        var fixture = StreamFixture(protocol);
        var path = Path.Combine(Path.GetTempPath(), $"switchboard-vision-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(path, LargeJpeg, Ct);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Serve(fixture);

        // The cache hashes the conversation, image reference included (with reflection-based JSON off in this
        // project, so the source-generated contract is what serializes it).
        using var client = new ChatClientBuilder(ProviderClient(protocol, server))
            .Use(inner => new HybridCachingChatClient(inner, Switchboard.Redis.ResponseCacheFactory.Create(), $"{protocol}/vision-test", keySerializerOptions: ImageJson.Options))
            .UseImagePreparation(Support(protocol), SeeingModel(protocol))
            .Build();
        var reference = new ImageReference(path);
        List<ChatMessage> conversation = [new(ChatRole.User, [new TextContent(VisionTestKit.Prompt), new ImageReferenceContent(reference)])];
        var expected = ExpectedText(fixture);
        var sentImages = new List<byte[]>();
        try
        {
            for (var turn = 1; turn <= 3; turn++)
            {
                Assert.Equal(expected, await StreamTextAsync(client, conversation));
                Assert.Equal(turn, server.Requests.Count);
                sentImages.Add(Assert.Single(ImagesOf(protocol, server.LastRequest.Json)).Bytes);

                // Gone from disk after the first turn: later turns can only be sending what was prepared then.
                File.Delete(path);
                conversation.Add(new(ChatRole.Assistant, expected));
                conversation.Add(new(ChatRole.User, $"Question {turn + 1}: and the colours?"));
            }
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(1, reference.LoadCount);
        Assert.All(sentImages, bytes => Assert.Equal(sentImages[0], bytes));
        using var decoded = AssertWithinLimits(protocol, MediaTypeOf(sentImages[0]), sentImages[0]);

        // The conversation itself still holds the reference, not the prepared bytes.
        Assert.IsType<ImageReferenceContent>(conversation[0].Contents[1]);
    }
}
