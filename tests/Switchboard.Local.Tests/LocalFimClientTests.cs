using Microsoft.Extensions.AI;
using Switchboard.Completion;
using Switchboard.Configuration;
using Switchboard.Errors;
using Xunit;

namespace Switchboard.Local.Tests;

public sealed class LocalFimClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChatOptions Options(int candidates, string? suffix = null, bool raw = false)
    {
        var options = new ChatOptions { MaxOutputTokens = 12, Seed = 3, Temperature = 0.8f, AdditionalProperties = [] };
        options.AdditionalProperties[FillInTheMiddle.CandidateCount] = candidates;
        if (suffix is not null)
        {
            options.AdditionalProperties[FillInTheMiddle.Suffix] = suffix;
        }

        if (raw)
        {
            options.AdditionalProperties[FillInTheMiddle.Raw] = true;
        }

        return options;
    }

    [Fact]
    public async Task Samples_the_requested_number_of_candidates_each_with_a_negative_mean_logprob()
    {
        using var client = new LocalFimClient("stories260K", new ProviderSettings());

        var response = await client.GetResponseAsync([new(ChatRole.User, "Once upon a time")], Options(3, suffix: "The end."), Ct);

        Assert.Equal(3, response.Messages.Count);
        Assert.All(response.Messages, message =>
        {
            Assert.False(string.IsNullOrEmpty(message.Text));
            var mean = FillInTheMiddle.GetMeanLogProbability(message);
            Assert.NotNull(mean);
            Assert.InRange(mean!.Value, -50, 0);
        });
        Assert.True(response.Usage!.InputTokenCount > 0);
        Assert.InRange(response.Usage.OutputTokenCount!.Value, 3, 36);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_candidates()
    {
        using var client = new LocalFimClient("stories260K", new ProviderSettings());

        var first = await client.GetResponseAsync([new(ChatRole.User, "Lily went")], Options(2, raw: true), Ct);
        var second = await client.GetResponseAsync([new(ChatRole.User, "Lily went")], Options(2, raw: true), Ct);

        Assert.Equal(first.Messages.Select(m => m.Text), second.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Stop_sequences_are_cut_from_the_candidate()
    {
        using var client = new LocalFimClient("stories260K", new ProviderSettings());
        var options = Options(1);
        options.MaxOutputTokens = 60;
        options.StopSequences = ["."];

        var response = await client.GetResponseAsync([new(ChatRole.User, "Once upon a time")], options, Ct);

        Assert.DoesNotContain(".", response.Text);
    }

    [Fact]
    public async Task Raw_with_a_suffix_is_an_invalid_request()
    {
        using var client = new LocalFimClient("stories260K", new ProviderSettings());

        var ex = await Assert.ThrowsAsync<ProviderException>(() =>
            client.GetResponseAsync([new(ChatRole.User, "x")], Options(1, suffix: "y", raw: true), Ct));

        Assert.Equal(ProviderErrorKind.InvalidRequest, ex.Kind);
    }
}
