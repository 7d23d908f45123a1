using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Providers;
using Xunit;

namespace Switchboard.Local.Tests;

public sealed class LocalChatClientTests
{
    private static IChatClient CreateStories() => Create("stories260K");

    private static IChatClient Create(string model) =>
        LocalProviderDescriptor.Instance.CreateChatClient(new ProviderClientContext { ProviderName = "local", Model = model, Settings = new ProviderSettings() });

    [Fact]
    public async Task Streams_real_text_offline_token_by_token()
    {
        using var client = CreateStories();
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.User, "Once upon a time")],
            new ChatOptions { MaxOutputTokens = 40, Seed = 42, Temperature = 0.7f },
            TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        var textUpdates = updates.Where(u => !string.IsNullOrEmpty(u.Text)).ToList();
        Assert.True(textUpdates.Count >= 5, $"expected several streamed pieces, got {textUpdates.Count}");
        var text = string.Concat(textUpdates.Select(u => u.Text));
        Assert.Contains(text.Trim().Split(' ')[0], text);
        Assert.True(text.Count(char.IsLetter) > 20, $"expected prose, got: {text}");

        var last = updates[^1];
        Assert.NotNull(last.FinishReason);
        Assert.Contains(last.AdditionalProperties![SwitchboardProperties.ProviderFinishReason]!.ToString(), new[] { "stop", "length" });
        var usage = Assert.Single(last.Contents.OfType<UsageContent>()).Details;
        Assert.True(usage.InputTokenCount > 0);
        Assert.InRange(usage.OutputTokenCount!.Value, textUpdates.Count, 40);
    }

    [Fact]
    public async Task Same_seed_gives_the_same_story()
    {
        using var client = CreateStories();
        var options = new ChatOptions { MaxOutputTokens = 30, Seed = 7, Temperature = 0.8f };
        var first = await client.GetResponseAsync("Lily went to the park", options, TestContext.Current.CancellationToken);
        var second = await client.GetResponseAsync("Lily went to the park", options, TestContext.Current.CancellationToken);
        Assert.False(string.IsNullOrWhiteSpace(first.Text));
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Usage!.OutputTokenCount, second.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Max_tokens_caps_the_answer_and_reports_length()
    {
        using var client = CreateStories();
        var response = await client.GetResponseAsync("Once upon a time", new ChatOptions { MaxOutputTokens = 5, Seed = 1 }, TestContext.Current.CancellationToken);
        Assert.True(response.Usage!.OutputTokenCount <= 5);
        if (response.Usage.OutputTokenCount == 5)
        {
            Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        }
    }

    [Fact]
    public async Task Cancellation_stops_generation()
    {
        using var client = CreateStories();
        using var cts = new CancellationTokenSource();
        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("Once upon a time", new ChatOptions { MaxOutputTokens = 200 }, cts.Token))
            {
                if (++received == 3)
                {
                    await cts.CancelAsync();
                }
            }
        });
        Assert.Equal(3, received);
    }

    [Fact]
    public void Unknown_model_is_a_typed_not_found_error()
    {
        var ex = Assert.Throws<ProviderException>(() => Create("no-such-model"));
        Assert.Equal(ProviderErrorKind.NotFound, ex.Kind);
        Assert.Contains("no-such-model", ex.Message);
    }

    [Fact]
    public async Task Images_are_refused_with_a_clear_error()
    {
        using var client = CreateStories();
        var message = new ChatMessage(ChatRole.User, [new TextContent("what is this?"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")]);
        var ex = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([message], cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(ProviderErrorKind.InvalidRequest, ex.Kind);
        Assert.Contains("images", ex.Message);
    }
}
