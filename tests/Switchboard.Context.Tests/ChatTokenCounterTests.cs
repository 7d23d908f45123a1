using Microsoft.Extensions.AI;
using Switchboard.Context.Tokens;
using Switchboard.Models;
using Switchboard.Tokens;
using Xunit;

namespace Switchboard.Context.Tests;

public sealed class ChatTokenCounterTests
{
    [Fact]
    public void A_message_is_tokenized_once_however_often_the_history_is_measured()
    {
        var tokenizer = new CountingTokenCounter(TiktokenTokenCounter.O200kBase);
        var counter = new ChatTokenCounter(tokenizer, MessageFraming.OpenAI);
        var documents = RealText.Mixed(perKind: 5);
        var history = Enumerable.Range(0, 1_000)
            .Select(i => new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, documents[i % documents.Count].Text[..200]))
            .ToList();

        var first = counter.CountMessages(history);
        var callsForFirst = tokenizer.Calls;
        var second = counter.CountMessages(history);

        Assert.Equal(first, second);
        Assert.Equal(callsForFirst, tokenizer.Calls);
        history.Add(new ChatMessage(ChatRole.User, "one more"));
        counter.CountMessages(history);
        Assert.Equal(callsForFirst + 2, tokenizer.Calls);  // the new message's role and text only
    }

    [Fact]
    public void A_message_whose_contents_changed_is_counted_again()
    {
        var counter = new ChatTokenCounter(TiktokenTokenCounter.O200kBase, MessageFraming.OpenAI);
        var message = new ChatMessage(ChatRole.Assistant, "Hello");
        var before = counter.CountMessage(message).Total;
        message.Contents.Add(new TextContent(" and a much longer continuation of the streamed answer"));
        Assert.True(counter.CountMessage(message).Total > before);
    }

    [Fact]
    public void Tool_calls_count_their_JSON_arguments_and_results_their_text()
    {
        var counter = new ChatTokenCounter(TiktokenTokenCounter.O200kBase, MessageFraming.None);
        var call = new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "read_file", new Dictionary<string, object?> { ["path"] = "/etc/os-release", ["lines"] = 40 })]);
        var result = new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"")]);

        Assert.Equal(
            TiktokenTokenCounter.O200kBase.CountTokens("assistant") + TiktokenTokenCounter.O200kBase.CountTokens("read_file {\"path\":\"/etc/os-release\",\"lines\":40}"),
            counter.CountMessage(call).Total);
        Assert.Equal(
            TiktokenTokenCounter.O200kBase.CountTokens("tool") + TiktokenTokenCounter.O200kBase.CountTokens("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\""),
            counter.CountMessage(result).Total);
    }

    [Fact]
    public void Images_count_with_the_callers_estimate_or_the_default()
    {
        var image = new DataContent(new byte[] { 1, 2, 3 }, "image/jpeg");
        var sticker = new StickerContent("wave");
        var message = new ChatMessage(ChatRole.User, [new TextContent("look"), image, sticker]);
        var withHook = new ChatTokenCounter(TiktokenTokenCounter.O200kBase, MessageFraming.None, mediaEstimator: c => c is DataContent ? 765 : null);
        var withoutHook = new ChatTokenCounter(TiktokenTokenCounter.O200kBase, MessageFraming.None);

        Assert.Equal(new MessageTokens(2 + 765 + ChatTokenCounter.DefaultImageTokens, 765 + ChatTokenCounter.DefaultImageTokens), withHook.CountMessage(message));
        Assert.Equal(2 * ChatTokenCounter.DefaultImageTokens, withoutHook.CountMessage(message).Media);
    }

    [Theory]
    [InlineData("openai/gpt-4.1", TokenizerFamily.OpenAIO200k, true)]
    [InlineData("openai/gpt-4", TokenizerFamily.OpenAICl100k, true)]
    [InlineData("openrouter/openai/gpt-4o-mini", TokenizerFamily.OpenAIO200k, true)]
    [InlineData("anthropic/claude-sonnet-4-5", TokenizerFamily.Anthropic, false)]
    [InlineData("openrouter/anthropic/claude-3.5-haiku", TokenizerFamily.Anthropic, false)]
    [InlineData("gemini/gemini-2.5-flash", TokenizerFamily.Gemini, false)]
    [InlineData("ollama/gemma3:1b", TokenizerFamily.Gemini, false)]
    [InlineData("ollama/llama3.2", TokenizerFamily.OpenWeights, false)]
    [InlineData("groq/mixtral-8x7b", TokenizerFamily.Unknown, false)]
    public void The_selector_picks_the_family_by_name_then_by_what_the_provider_declares(string model, TokenizerFamily family, bool exact)
    {
        // As the descriptors declare it (the host passes each provider's descriptor's TokenizerFamily).
        TokenizerFamily Declared(ModelId id) => id.Provider switch
        {
            "anthropic" => TokenizerFamily.Anthropic,
            "gemini" => TokenizerFamily.Gemini,
            "ollama" => TokenizerFamily.OpenWeights,
            _ => TokenizerFamily.Unknown,
        };
        var selector = new TokenCounterSelector(TokenCountCalibration.CreateInMemory(), familyOfProvider: Declared);
        var id = ModelId.Parse(model);
        Assert.Equal(family, selector.FamilyOf(id));
        Assert.Equal(exact, selector.GetTextCounter(id).IsExact);
        Assert.Same(selector.GetChatCounter(id), selector.GetChatCounter(id));
    }

    [Fact]
    public void A_registered_provider_uses_its_own_counter()
    {
        var selector = new TokenCounterSelector();
        var own = new CharacterTokenCounter(2);
        selector.Register("local", _ => own);
        var id = ModelId.Parse("local/stories260K");
        Assert.Equal(TokenizerFamily.Registered, selector.FamilyOf(id));
        Assert.Same(own, selector.GetTextCounter(id));
        Assert.Same(own, selector.GetChatCounter(id).TextCounter);
    }

    [Fact]
    public void Estimates_round_up_and_refuse_nonsense()
    {
        Assert.Equal(0, CharacterTokenCounter.Default.CountTokens(""));
        Assert.Equal(3, CharacterTokenCounter.Default.CountTokens("123456789"));
        Assert.False(CharacterTokenCounter.Default.IsExact);
        Assert.Equal("charactersPerToken", Assert.Throws<ArgumentOutOfRangeException>(() => new CharacterTokenCounter(0)).ParamName);
        var scaled = new ScaledTokenCounter(TiktokenTokenCounter.Cl100kBase, 1.2);
        Assert.Equal((int)Math.Ceiling(TiktokenTokenCounter.Cl100kBase.CountTokens("hello world, how are you") * 1.2), scaled.CountTokens("hello world, how are you"));
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledTokenCounter(scaled, double.NaN)).ParamName);
    }
}
