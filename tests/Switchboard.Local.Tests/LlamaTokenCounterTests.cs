using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Errors;
using Xunit;

namespace Switchboard.Local.Tests;

public sealed class LlamaTokenCounterTests
{
    [Theory]
    [InlineData("Once upon a time")]
    [InlineData("Lily and Ben went to the park. They saw a big red ball under a tree, and they played until the sun went down.")]
    public async Task Counts_equal_the_input_tokens_the_local_model_reports(string text)
    {
        var counter = LlamaTokenCounter.ForModel("stories260K", new ProviderSettings());
        using var client = LocalProviderDescriptor.Instance.CreateChatClient(new Switchboard.Providers.ProviderClientContext { ProviderName = "local", Model = "stories260K", Settings = new ProviderSettings() });

        // stories260K has no chat template: a lone user message is the prompt, plus the beginning-of-sequence token.
        var response = await client.GetResponseAsync(text, new ChatOptions { MaxOutputTokens = 1, Seed = 1 }, TestContext.Current.CancellationToken);

        Assert.True(counter.IsExact);
        Assert.Equal(response.Usage!.InputTokenCount, counter.CountTokens(text) + 1);
    }

    [Fact]
    public void Counts_with_the_models_own_vocabulary()
    {
        var counter = LlamaTokenCounter.ForModel("stories260K", new ProviderSettings());
        const string Text = "The little dog was happy. He wagged his tail and ran to his friend.";

        // A 512-entry vocabulary splits English far finer than a 200K one: about one token per few characters.
        Assert.InRange(counter.CountTokens(Text), Text.Length / 5, Text.Length);
        Assert.Equal(0, counter.CountTokens(""));
        Assert.InRange(counter.CountTokens(Text + "\n" + Text), counter.CountTokens(Text) * 2, (counter.CountTokens(Text) * 2) + 2);
    }

    [Fact]
    public void A_missing_model_is_a_not_found_error()
    {
        var error = Assert.Throws<ProviderException>(() => LlamaTokenCounter.ForModel("no-such-model", new ProviderSettings()));
        Assert.Equal(ProviderErrorKind.NotFound, error.Kind);
    }
}
