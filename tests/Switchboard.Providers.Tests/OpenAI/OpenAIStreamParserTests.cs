using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.OpenAI;
using Xunit;
using static Switchboard.Providers.Tests.OpenAI.OpenAITestKit;

namespace Switchboard.Providers.Tests.OpenAI;

/// <summary>Synthetic Chat Completions streams for every delta kind the reference documents, parsed without HTTP.</summary>
public sealed class OpenAIStreamParserTests
{
    [Fact]
    public void Parallel_tool_calls_interleaved_by_index_are_assembled_separately()
    {
        var sse = Sse(
        [
            Delta("""{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]}"""),
            Delta("""{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"get_time","arguments":""}}]}"""),
            Delta("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]}"""),
            Delta("""{"tool_calls":[{"index":1,"function":{"arguments":"{\"zone\":\"Europe/Paris\""}}]}"""),
            Delta("""{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\", \"unit\": \"c\\u00b0\"}"}}]}"""),
            Delta("""{"tool_calls":[{"index":1,"function":{"arguments":"}"}}]}"""),
            Finish("tool_calls"),
            Usage(50, 30),
        ]);

        var (updates, _) = ParseChat(sse);

        var calls = All<FunctionCallContent>(updates);
        Assert.Equal(2, calls.Count);
        Assert.Equal(("call_a", "get_weather"), (calls[0].CallId, calls[0].Name));
        Assert.Equal("Paris", ((JsonElement)calls[0].Arguments!["city"]!).GetString());
        Assert.Equal("c°", ((JsonElement)calls[0].Arguments!["unit"]!).GetString());
        Assert.Equal(("call_b", "get_time"), (calls[1].CallId, calls[1].Name));
        Assert.Equal("Europe/Paris", ((JsonElement)calls[1].Arguments!["zone"]!).GetString());

        // Both calls come in the finish update, not before: the arguments are complete only then.
        var finish = Assert.Single(updates, u => u.Contents.OfType<FunctionCallContent>().Any());
        Assert.Equal(ChatFinishReason.ToolCalls, finish.FinishReason);
        Assert.Equal(2, updates.Count);
    }

    [Fact]
    public void Tool_calls_sent_whole_with_the_same_index_but_distinct_ids_stay_apart()
    {
        // Some compatible servers send each call complete in one delta, every one with index 0.
        var sse = Sse(
        [
            Delta("""{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"a","arguments":"{\"x\":1}"}}]}"""),
            Delta("""{"tool_calls":[{"index":0,"id":"call_2","type":"function","function":{"name":"b","arguments":"{\"y\":2}"}}]}"""),
            Finish("tool_calls"),
        ]);

        var calls = All<FunctionCallContent>(ParseChat(sse).Updates);

        Assert.Equal(["call_1", "call_2"], calls.Select(c => c.CallId));
        Assert.Equal(1, ((JsonElement)calls[0].Arguments!["x"]!).GetInt32());
        Assert.Equal(2, ((JsonElement)calls[1].Arguments!["y"]!).GetInt32());
    }

    [Fact]
    public void Tool_call_without_id_gets_a_stable_generated_one()
    {
        var sse = Sse(
        [
            Delta("""{"tool_calls":[{"index":0,"type":"function","function":{"name":"ping","arguments":"{}"}}]}"""),
            Finish("tool_calls"),
        ]);

        var first = Assert.Single(All<FunctionCallContent>(ParseChat(sse).Updates));
        var second = Assert.Single(All<FunctionCallContent>(ParseChat(sse).Updates));

        Assert.False(string.IsNullOrEmpty(first.CallId));
        Assert.Equal(first.CallId, second.CallId);
        Assert.Contains("chatcmpl-1", first.CallId);
        Assert.Empty(first.Arguments!);
    }

    [Fact]
    public void Legacy_function_call_delta_becomes_a_tool_call()
    {
        var sse = Sse(
        [
            Delta("""{"role":"assistant","function_call":{"name":"lookup","arguments":""}}"""),
            Delta("""{"function_call":{"arguments":"{\"q\":\"x\"}"}}"""),
            Finish("function_call"),
        ]);

        var updates = ParseChat(sse).Updates;

        var call = Assert.Single(All<FunctionCallContent>(updates));
        Assert.Equal("lookup", call.Name);
        Assert.Equal("x", ((JsonElement)call.Arguments!["q"]!).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
        Assert.Equal("function_call", updates[^1].AdditionalProperties![SwitchboardProperties.ProviderFinishReason]);
    }

    [Fact]
    public void Broken_tool_arguments_are_reported_on_the_call_not_thrown()
    {
        var sse = Sse(
        [
            Delta("""{"tool_calls":[{"index":0,"id":"call_x","type":"function","function":{"name":"f","arguments":"{\"a\":"}}]}"""),
            Finish("length"),
        ]);

        var updates = ParseChat(sse).Updates;

        var call = Assert.Single(All<FunctionCallContent>(updates));
        Assert.NotNull(call.Exception);
        Assert.Equal(ChatFinishReason.Length, updates[^1].FinishReason);
    }

    [Theory]
    [InlineData("reasoning_content", "reasoning_content")]
    [InlineData("reasoning", "reasoning")]
    public void Reasoning_deltas_become_reasoning_content_before_the_text(string field, string marker)
    {
        var sse = Sse(
        [
            Delta($$"""{"role":"assistant","content":null,"{{field}}":"Let me think."}"""),
            Delta($$"""{"{{field}}":" 9.8 > 9.11."}"""),
            Delta("""{"content":"9.8 is greater."}"""),
            Finish("stop"),
        ]);

        var updates = ParseChat(sse).Updates;

        var reasoning = All<TextReasoningContent>(updates);
        Assert.Equal("Let me think. 9.8 > 9.11.", string.Concat(reasoning.Select(r => r.Text)));
        Assert.All(reasoning, r => Assert.Equal(marker, r.AdditionalProperties![OpenAIPropertyNames.ReasoningField]));
        Assert.Equal("9.8 is greater.", TextOf(updates));

        var response = updates.ToChatResponse();
        Assert.Equal("9.8 is greater.", response.Text);
        var contents = response.Messages.Single().Contents;
        Assert.IsType<TextReasoningContent>(contents[0]);
        Assert.IsType<TextContent>(contents[^1]);
    }

    [Fact]
    public void Reasoning_sent_under_both_names_is_taken_once()
    {
        var sse = Sse([Delta("""{"reasoning":"hmm","reasoning_content":"hmm"}"""), Finish("stop")]);

        var reasoning = Assert.Single(All<TextReasoningContent>(ParseChat(sse).Updates));

        Assert.Equal("hmm", reasoning.Text);
    }

    [Fact]
    public void Refusal_deltas_are_not_visible_text_but_one_error_content()
    {
        var sse = Sse(
        [
            Delta("""{"role":"assistant","content":null,"refusal":""}"""),
            Delta("""{"refusal":"I'm sorry, "}"""),
            Delta("""{"refusal":"I can't help with that."}"""),
            Finish("stop"),
        ]);

        var updates = ParseChat(sse).Updates;

        Assert.Empty(TextOf(updates));
        var refusal = Assert.Single(All<ErrorContent>(updates));
        Assert.Equal("I'm sorry, I can't help with that.", refusal.Message);
        Assert.Equal(OpenAIPropertyNames.RefusalErrorCode, refusal.ErrorCode);
    }

    [Theory]
    [InlineData("stop", "stop")]
    [InlineData("length", "length")]
    [InlineData("tool_calls", "tool_calls")]
    [InlineData("content_filter", "content_filter")]
    [InlineData("function_call", "tool_calls")]
    [InlineData("abort", "abort")]
    public void Finish_reasons_are_normalized_and_kept_raw(string raw, string normalized)
    {
        var updates = ParseChat(Sse([Text("x"), Finish(raw)])).Updates;

        Assert.Equal(new ChatFinishReason(normalized), updates[^1].FinishReason);
        Assert.Equal(raw, updates[^1].AdditionalProperties![SwitchboardProperties.ProviderFinishReason]);
    }

    [Fact]
    public void Usage_details_include_cached_and_reasoning_tokens()
    {
        var usage = """{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,"prompt_tokens_details":{"cached_tokens":1920,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":192,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}""";
        var updates = ParseChat(Sse([Text("hi"), Finish("stop"), Chunk("[]", usage)])).Updates;

        var details = Assert.Single(All<UsageContent>(updates)).Details;
        Assert.Equal(2006, details.InputTokenCount);
        Assert.Equal(300, details.OutputTokenCount);
        Assert.Equal(2306, details.TotalTokenCount);
        Assert.Equal(1920, details.CachedInputTokenCount);
        Assert.Equal(192, details.ReasoningTokenCount);

        // The usage update is the last one, so it repeats the finish reason.
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.Equal(2006, updates.ToChatResponse().Usage!.InputTokenCount);
    }

    [Fact]
    public void Unknown_fields_events_and_comments_are_ignored()
    {
        var text = "event: unknown_event\ndata: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"brand_new\":{\"a\":[1,2,{\"b\":null}]}}\n\n"
            + ": keep-alive comment\n\n"
            + "data: " + Delta("""{"content":"Hello","future_field":[{"x":1}]}""") + "\n\n"
            + "event: ping\ndata: {}\n\n"
            + "data:\n\n"
            + "data: " + Finish("stop") + "\n\n"
            + "data: [DONE]\n\n";

        var (updates, parser) = ParseChat(Encoding.UTF8.GetBytes(text));

        Assert.True(parser.IsDone);
        Assert.Equal("Hello", TextOf(updates));
        Assert.Equal(2, updates.Count);
    }

    [Fact]
    public void Crlf_framing_and_trailing_spaces_are_tolerated()
    {
        var text = "data: " + Text("a") + "   \r\n\r\n"
            + "data:" + Text("b") + "\r\n\r\n"
            + "data: " + Finish("stop") + "\r\n\r\n"
            + "data: [DONE]  \r\n\r\n";

        var (updates, parser) = ParseChat(Encoding.UTF8.GetBytes(text));

        Assert.True(parser.IsDone);
        Assert.Equal("ab", TextOf(updates));
    }

    [Fact]
    public void Error_object_in_the_stream_throws_after_earlier_updates()
    {
        var parser = new OpenAIStreamParser("openai");
        var first = parser.Parse("message", Encoding.UTF8.GetBytes(Text("partial")));

        var error = Assert.Throws<ProviderException>(() => parser.Parse(
            "message",
            """{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}"""u8));

        Assert.Equal("partial", first!.Text);
        Assert.Equal(ProviderErrorKind.StreamInterrupted, error.Kind);
        Assert.Equal("The server had an error while processing your request.", error.ProviderMessage);
        Assert.Equal("server_error", error.ErrorType);
        Assert.Contains("server_error", error.ResponseBody);
    }

    [Theory]
    [InlineData("""{"error":{"message":"Rate limit reached for gpt-4o","type":"tokens","code":"rate_limit_exceeded"}}""", ProviderErrorKind.RateLimited)]
    [InlineData("""{"error":{"message":"This model's maximum context length is 8192 tokens.","type":"invalid_request_error","code":"context_length_exceeded"}}""", ProviderErrorKind.ContextLengthExceeded)]
    [InlineData("""{"error":"upstream overloaded"}""", ProviderErrorKind.Overloaded)]
    [InlineData("""{"error":{"message":"boom","code":500}}""", ProviderErrorKind.StreamInterrupted)]
    public void Error_objects_in_the_stream_are_classified(string data, ProviderErrorKind kind)
    {
        var parser = new OpenAIStreamParser("openai");

        var error = Assert.Throws<ProviderException>(() => parser.Parse("error", Encoding.UTF8.GetBytes(data)));

        Assert.Equal(kind, error.Kind);
    }

    [Fact]
    public void A_null_error_field_is_not_an_error()
    {
        var parser = new OpenAIStreamParser("openai");

        var update = parser.Parse("message", """{"id":"c","error":null,"choices":[{"index":0,"delta":{"content":"fine"}}]}"""u8);

        Assert.Equal("fine", update!.Text);
    }

    [Theory]
    [InlineData("{\"id\":\"x\",\"choices\":[{\"delta\":{\"content\":\"a\"}}")]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"choices\":{\"index\":0}}")]
    [InlineData("{\"choices\":[{\"delta\":{\"content\":42}}]}")]
    [InlineData("{\"choices\":[null],\"usage\":{\"prompt_tokens\":1}}")]
    [InlineData("{\"choices\":[{\"delta\":{\"tool_calls\":[7]}}]}")]
    public void Malformed_chunks_throw_json_exceptions(string data)
    {
        var parser = new OpenAIStreamParser("openai");

        Assert.ThrowsAny<JsonException>(() => parser.Parse("message", Encoding.UTF8.GetBytes(data)));
    }

    [Fact]
    public void Done_flushes_tool_calls_of_a_server_that_sent_no_finish_reason()
    {
        var sse = Sse([Delta("""{"tool_calls":[{"index":0,"id":"call_z","function":{"name":"f","arguments":"{}"}}]}""")]);

        var (updates, parser) = ParseChat(sse);

        Assert.True(parser.IsDone);
        Assert.False(parser.SawFinishReason);
        Assert.Equal("call_z", Assert.Single(All<FunctionCallContent>(updates)).CallId);
    }

    [Fact]
    public void Id_and_model_strings_are_reused_across_chunks()
    {
        var (updates, _) = ParseChat(Sse([Text("a"), Text("b"), Text("c")]));

        Assert.Same(updates[0].ResponseId, updates[2].ResponseId);
        Assert.Same(updates[0].ModelId, updates[2].ModelId);
        Assert.Equal("chatcmpl-1", updates[0].MessageId);
    }
}
