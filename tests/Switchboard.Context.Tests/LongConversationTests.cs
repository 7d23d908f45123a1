using System.Globalization;
using Microsoft.Extensions.AI;
using Switchboard.Context.Compaction;
using Switchboard.Context.Tokens;
using Xunit;

namespace Switchboard.Context.Tests;

/// <summary>
/// A conversation grown past 150,000 tokens of real text (documents from this machine, and tool calls whose results
/// are whole source files) sent through the context window to a model with a 32,000-token window, behind
/// Microsoft.Extensions.AI's function invocation as in the real chain.
/// </summary>
public sealed class LongConversationTests
{
    private const long Window = 32_000;
    private const long Reserved = 4_000;
    private const string PlantedFact = "FACT: the deployment codename is BLUE-HERON-4471 and the budget is 12,345 EUR.";

    [Fact]
    public async Task A_150K_token_conversation_fits_a_32K_window_turn_after_turn()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = new RecordingChatClient();
        var summarizer = FactKeepingSummarizer.Create();
        var counter = new ChatTokenCounter(TiktokenTokenCounter.O200kBase, MessageFraming.OpenAI, ToolTokenRule.OpenAIO200k);
        var options = new ContextWindowOptions { Window = Window, ReservedOutputTokens = Reserved };
        var files = RealText.Code(40).Where(d => TiktokenTokenCounter.O200kBase.CountTokens(d.Text) is > 3_000 and < 12_000).ToList();
        var documents = RealText.Mixed(perKind: 20).Select(d => d.Text.Length > 6_000 ? d.Text[..6_000] : d.Text).ToList();

        var readFile = AIFunctionFactory.Create((string path) => File.ReadAllText(path), "read_file", "Reads a text file from the workspace.");
        model.Respond = (messages, _) => Answer(messages);
        using var client = new ChatClientBuilder(model)
            .UseFunctionInvocation()
            .UseContextWindow(counter, options, summarizer)
            .Build();
        var chatOptions = new ChatOptions { Tools = [readFile] };

        var history = new List<ChatMessage>
        {
            new(ChatRole.System, "You are a careful assistant helping with a software project."),
            new(ChatRole.User, $"Before we start, note this.\n{PlantedFact}\nKeep it in mind for the whole session."),
        };
        history.AddRange((await client.GetResponseAsync(history, chatOptions, cancellationToken)).Messages);

        // An independent exact count of the history as it grows (a fresh counter: no shared cache).
        var independent = new ChatTokenCounter(TiktokenTokenCounter.O200kBase, MessageFraming.OpenAI, ToolTokenRule.OpenAIO200k);
        var growth = new List<(long HistoryTokens, int SummarizerCalls)>();
        for (var turn = 0; independent.CountMessages(history) < 155_000; turn++)
        {
            Assert.True(turn < 400, "the conversation did not grow");
            var ask = turn % 3 == 2 && files.Count > 0
                ? $"Please read the file {files[turn / 3 % files.Count].Path} and tell me what it does."
                : $"Here is document {turn}; note its key points.\n\n{documents[turn % documents.Count]}";
            history.Add(new ChatMessage(ChatRole.User, ask));
            var requestsBefore = model.Requests.Count;
            var response = await client.GetResponseAsync(history, chatOptions, cancellationToken);
            history.AddRange(response.Messages);

            foreach (var (request, requestOptions) in model.Requests.Skip(requestsBefore))
            {
                AssertFits(independent, request, requestOptions);
                AssertPairsIntact(request);
            }

            // The turn just taken (user message, tool call, result, answer) reached the model verbatim.
            var lastRequest = model.Requests[^1].Messages;
            var turnMessages = history.Skip(history.LastIndexOf(history.Last(m => m.Role == ChatRole.User))).SkipLast(1).ToList();
            Assert.Equal(turnMessages, lastRequest.TakeLast(turnMessages.Count), ReferenceEqualityComparer.Instance);
            AssertRecentTurnsVerbatim(independent, history.SkipLast(1).ToList(), lastRequest, options, counter);
            growth.Add((independent.CountMessages(history), summarizer.Requests.Count));
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{growth.Count} turns, {independent.CountMessages(history):N0} tokens of history, {model.Requests.Count} model requests " +
            $"(largest {model.Requests.Max(r => independent.CountRequest(r.Messages, r.Options)):N0} tokens), {summarizer.Requests.Count} summarizer calls");

        // What the test claims about the conversation itself.
        Assert.True(independent.CountMessages(history) > 150_000);
        Assert.Contains(history, m => m.Contents.OfType<FunctionResultContent>().Any(r => independent.CountText(r.Result?.ToString() ?? "") > 3_000));

        // Summaries went to the summarizer, never to the model, and the summaries reached the model.
        Assert.NotEmpty(summarizer.Requests);
        Assert.DoesNotContain(model.Requests, r => r.Messages.Any(m => m.Text.Contains("<previous_summary>", StringComparison.Ordinal)));
        Assert.Contains(model.Requests[^1].Messages, m => m.AdditionalProperties?.ContainsKey(ContextMessages.SummaryKey) == true);

        // Each fold built on the last: every summarizer call after the first carried the previous summary, and each
        // call's input stayed bounded (no re-summarizing of the whole history).
        for (var i = 1; i < summarizer.Requests.Count; i++)
        {
            var previousSummary = summarizer.Responses[i - 1].Text;
            Assert.Contains(previousSummary, summarizer.Requests[i].Messages[^1].Text, StringComparison.Ordinal);
        }

        Assert.All(summarizer.Requests, r => Assert.True(independent.CountMessages(r.Messages) <= Window - Reserved));

        // Linear growth: the calls per token of conversation are about the same in the second half as in the first.
        var half = growth.First(g => g.HistoryTokens >= growth[^1].HistoryTokens / 2);
        var firstHalfCalls = half.SummarizerCalls;
        var secondHalfCalls = growth[^1].SummarizerCalls - half.SummarizerCalls;
        Assert.InRange(secondHalfCalls, Math.Max(1, firstHalfCalls / 2), (firstHalfCalls * 2) + 2);
        var foldable = options.LimitsFor(null).Threshold - options.LimitsFor(null).KeepRecentTokens - options.LimitsFor(null).MaxSummaryTokens;
        Assert.True(summarizer.Requests.Count <= (growth[^1].HistoryTokens / foldable * 3) + 3,
            $"{summarizer.Requests.Count} summarizer calls for {growth[^1].HistoryTokens:N0} tokens is more than linear");

        // The fact planted in turn 1 reached every summarizer call (in the turn itself, then in each previous summary).
        Assert.All(summarizer.Requests, r => Assert.Contains(PlantedFact, r.Messages[^1].Text, StringComparison.Ordinal));
        Assert.Contains(model.Requests[^1].Messages, m => m.Text.Contains(PlantedFact, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_summarizer_the_sliding_window_keeps_every_request_under_the_window()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = new RecordingChatClient { Respond = (messages, _) => Answer(messages) };
        var counter = new ChatTokenCounter(TiktokenTokenCounter.O200kBase, MessageFraming.OpenAI, ToolTokenRule.OpenAIO200k);
        var readFile = AIFunctionFactory.Create((string path) => File.ReadAllText(path), "read_file", "Reads a text file from the workspace.");
        using var client = new ChatClientBuilder(model)
            .UseFunctionInvocation()
            .UseContextWindow(counter, new ContextWindowOptions { Window = Window, ReservedOutputTokens = Reserved })
            .Build();
        var chatOptions = new ChatOptions { Tools = [readFile] };
        var files = RealText.Code(40).Where(d => TiktokenTokenCounter.O200kBase.CountTokens(d.Text) is > 3_000 and < 12_000).ToList();
        var documents = RealText.Mixed(perKind: 20).Select(d => d.Text.Length > 6_000 ? d.Text[..6_000] : d.Text).ToList();
        var independent = new ChatTokenCounter(TiktokenTokenCounter.O200kBase, MessageFraming.OpenAI, ToolTokenRule.OpenAIO200k);
        var history = new List<ChatMessage> { new(ChatRole.System, "You are a careful assistant.") };

        for (var turn = 0; independent.CountMessages(history) < 155_000; turn++)
        {
            history.Add(new ChatMessage(ChatRole.User, turn % 3 == 2
                ? $"Please read the file {files[turn / 3 % files.Count].Path} and tell me what it does."
                : $"Here is document {turn}; note its key points.\n\n{documents[turn % documents.Count]}"));
            var before = model.Requests.Count;
            history.AddRange((await client.GetResponseAsync(history, chatOptions, cancellationToken)).Messages);
            foreach (var (request, requestOptions) in model.Requests.Skip(before))
            {
                AssertFits(independent, request, requestOptions);
                AssertPairsIntact(request);
            }
        }

        var last = model.Requests[^1].Messages;
        var note = Assert.Single(last, m => m.AdditionalProperties?.ContainsKey(ContextMessages.DroppedKey) == true);
        Assert.Contains("earlier messages of this conversation", note.Text, StringComparison.Ordinal);
        Assert.Equal("You are a careful assistant.", last[0].Text);
        Assert.Same(history[^2], last[^1]);
    }

    private static ChatResponse Answer(IReadOnlyList<ChatMessage> messages)
    {
        var last = messages[^1];
        if (last.Role == ChatRole.User && last.Text.StartsWith("Please read the file ", StringComparison.Ordinal))
        {
            var path = last.Text["Please read the file ".Length..last.Text.IndexOf(" and tell", StringComparison.Ordinal)];
            var call = new FunctionCallContent("call_" + messages.Count.ToString(CultureInfo.InvariantCulture), "read_file", new Dictionary<string, object?> { ["path"] = path });
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, [call]));
        }

        var subject = last.Contents.OfType<FunctionResultContent>().Any() ? "the file" : "the document";
        return new ChatResponse(new ChatMessage(ChatRole.Assistant,
            $"I read {subject}. It has {last.Text.Length} characters; the first line is: {last.Text.Split('\n')[0]}"));
    }

    private static void AssertFits(ChatTokenCounter independent, List<ChatMessage> request, ChatOptions? options)
    {
        var tokens = independent.CountRequest(request, options);
        Assert.True(tokens <= Window - Reserved, $"a request of {tokens:N0} tokens does not leave {Reserved:N0} of the {Window:N0}-token window for the answer");
    }

    private static void AssertPairsIntact(List<ChatMessage> request)
    {
        var calls = request.SelectMany(m => m.Contents.OfType<FunctionCallContent>()).Select(c => c.CallId).ToHashSet();
        var results = request.SelectMany(m => m.Contents.OfType<FunctionResultContent>()).Select(r => r.CallId).ToHashSet();
        Assert.True(calls.SetEquals(results), $"orphaned: calls {string.Join(',', calls.Except(results))}, results {string.Join(',', results.Except(calls))}");
    }

    // The recent turns up to KeepRecentTokens (whole tool pairs) reach the model as they are, same objects.
    private static void AssertRecentTurnsVerbatim(ChatTokenCounter independent, List<ChatMessage> history, List<ChatMessage> request, ContextWindowOptions options, ChatTokenCounter counter)
    {
        var keep = options.LimitsFor(null).KeepRecentTokens;
        long tokens = 0;
        var verbatim = 0;
        for (var i = history.Count - 1; i > 0; i--)
        {
            tokens += independent.CountMessage(history[i]).Total;
            if (tokens > keep)
            {
                break;
            }

            verbatim++;
        }

        Assert.True(verbatim >= 1 || counter.CountMessage(history[^1]).Total > keep);
        Assert.Equal(history.TakeLast(verbatim), request.TakeLast(verbatim), ReferenceEqualityComparer.Instance);
    }
}
