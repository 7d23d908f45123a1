using Microsoft.Extensions.AI;
using Switchboard.Context.Compaction;
using Switchboard.Context.Tokens;
using Xunit;

namespace Switchboard.Context.Tests;

public sealed class TokenCountCalibrationTests
{
    /// <summary>
    /// A provider whose tokenizer we do not have, played by a real one we do (cl100k), answering requests of real
    /// text with the exact input count; our estimate for the family is o200k scaled by the Gemini prior. After the
    /// ratio is learned from reported usage, estimates of new, unseen requests land close to the provider's count.
    /// </summary>
    [Fact]
    public async Task The_ratio_converges_on_reported_usage_and_estimates_unseen_requests_closely()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var calibration = TokenCountCalibration.CreateInMemory();
        const string Model = "gemini/gemini-2.5-flash";
        var estimate = new ScaledTokenCounter(TiktokenTokenCounter.O200kBase, TokenCounterSelector.GeminiPriorFactor);
        var counter = new ChatTokenCounter(new CalibratedTokenCounter(estimate, calibration, Model));
        var truth = new ChatTokenCounter(TiktokenTokenCounter.Cl100kBase, MessageFraming.OpenAI);
        var provider = new RecordingChatClient
        {
            Respond = (messages, options) => new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
            {
                Usage = new UsageDetails { InputTokenCount = truth.CountRequest(messages, options), OutputTokenCount = 1 },
            },
        };
        using var client = new ContextWindowChatClient(provider, new ContextWindowReducer(counter, new ContextWindowOptions { Window = 1_000_000 }));
        var documents = RealText.Mixed(perKind: 16);
        var training = documents.Where((_, i) => i % 2 == 0).ToList();
        var unseen = documents.Where((_, i) => i % 2 == 1).ToList();

        static List<ChatMessage> Request(RealText.Document document) => [new(ChatRole.System, "Summarize."), new(ChatRole.User, document.Text)];
        double Error(RealText.Document d) => Math.Abs(counter.CountRequest(Request(d), null) - truth.CountRequest(Request(d), null)) / (double)truth.CountRequest(Request(d), null);

        var errorBefore = unseen.Sum(d => (double)truth.CountRequest(Request(d), null)) is var total
            ? Math.Abs(unseen.Sum(d => (double)counter.CountRequest(Request(d), null)) - total) / total
            : 0;
        foreach (var document in training)
        {
            await client.GetResponseAsync(Request(document), null, cancellationToken);
        }

        var totalAfter = Math.Abs(unseen.Sum(d => (double)counter.CountRequest(Request(d), null)) - unseen.Sum(d => (double)truth.CountRequest(Request(d), null)))
            / unseen.Sum(d => (double)truth.CountRequest(Request(d), null));
        Assert.Equal(training.Count, calibration.GetSampleCount(Model));
        Assert.True(totalAfter < errorBefore, $"calibration made the estimate worse: {errorBefore:P1} before, {totalAfter:P1} after");
        Assert.True(totalAfter < 0.10, $"calibrated estimates of unseen requests are {totalAfter:P1} off in total");
        Assert.True(unseen.Count(d => Error(d) < 0.25) >= unseen.Count * 3 / 4, "most single unseen requests should be within 25%");
    }

    /// <summary>The recorded provider transcripts: output text with the output tokens each provider reported.</summary>
    [Fact]
    public void Recorded_usage_of_real_providers_sets_the_ratio_to_its_weighted_median()
    {
        var calibration = TokenCountCalibration.CreateInMemory();
        var estimate = new ScaledTokenCounter(TiktokenTokenCounter.Cl100kBase, 1.0);
        var samples = FixtureExpectations.Load()
            .Where(e => e.Provider != "openai" && !string.IsNullOrEmpty(e.Text) && e.OutputTokens > 0 && e.Source is not null)
            .Select(e => (Estimated: (long)estimate.CountTokens(e.Text!), Reported: e.OutputTokens!.Value))
            .ToList();
        Assert.True(samples.Count >= 4);

        var accepted = samples.Where(s => calibration.Record("fixtures/all", s.Estimated, s.Reported)).ToList();

        var ratios = accepted.Select(s => (Ratio: (double)s.Reported / s.Estimated, Weight: s.Estimated)).OrderBy(r => r.Ratio).ToList();
        var half = ratios.Sum(r => (double)r.Weight) / 2;
        double cumulative = 0;
        var median = ratios.First(r => (cumulative += r.Weight) >= half).Ratio;
        Assert.Equal(median, calibration.GetRatio("fixtures/all"), 9);
        Assert.Equal(accepted.Count, calibration.GetSampleCount("fixtures/all"));
        Assert.All(samples.Except(accepted), s => Assert.True((double)s.Reported / s.Estimated > TokenCountCalibration.MaxPlausibleRatio || (double)s.Reported / s.Estimated < 1 / TokenCountCalibration.MaxPlausibleRatio));
    }

    [Fact]
    public async Task Ratios_persist_in_SQLite_and_only_the_latest_samples_count()
    {
        using var directory = new TempDirectory();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using (var calibration = await TokenCountCalibration.OpenAsync(directory.File("usage.db"), cancellationToken: cancellationToken))
        {
            for (var i = 0; i < 20; i++)
            {
                calibration.Record("anthropic/claude-sonnet-4-5", 1_000, 3_000);  // an old regime...
            }

            for (var i = 0; i < TokenCountCalibration.SampleWindow; i++)
            {
                calibration.Record("anthropic/claude-sonnet-4-5", 1_000, 1_150 + (i % 3 * 10));  // ...replaced by the recent one
            }

            Assert.False(calibration.Record("anthropic/claude-sonnet-4-5", 100, 10_000));
            Assert.Equal(1.16, calibration.GetRatio("anthropic/claude-sonnet-4-5"), 9);
            Assert.Equal(1.0, calibration.GetRatio("gemini/never-seen"));
        }

        await using var reopened = await TokenCountCalibration.OpenAsync(directory.File("usage.db"), cancellationToken: cancellationToken);
        Assert.Equal(TokenCountCalibration.SampleWindow, reopened.GetSampleCount("anthropic/claude-sonnet-4-5"));
        Assert.Equal(1.16, reopened.GetRatio("anthropic/claude-sonnet-4-5"), 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => reopened.Record("anthropic/claude-sonnet-4-5", 0, 10));
    }

    [Fact]
    public void A_new_ratio_reaches_cached_history_without_tokenizing_it_again()
    {
        var calibration = TokenCountCalibration.CreateInMemory();
        var tokenizer = new CountingTokenCounter(TiktokenTokenCounter.Cl100kBase);
        var counter = new ChatTokenCounter(new CalibratedTokenCounter(tokenizer, calibration, "ollama/llama3.2"), MessageFraming.None);
        List<ChatMessage> history = [.. RealText.Prose(3).Select(d => new ChatMessage(ChatRole.User, d.Text))];

        var before = counter.CountMessages(history);
        var calls = tokenizer.Calls;
        calibration.Record("ollama/llama3.2", 1_000, 1_500);
        var after = counter.CountMessages(history);

        Assert.Equal(calls, tokenizer.Calls);
        Assert.InRange(after, (long)(before * 1.5) - 3, (long)(before * 1.5) + 3);
    }
}
