using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.Anthropic;
using Xunit;
using static Switchboard.Providers.Tests.Anthropic.AnthropicTestSupport;

namespace Switchboard.Providers.Tests.Anthropic;

/// <summary>
/// Synthetic streams for every event and delta type of https://platform.claude.com/docs/en/build-with-claude/streaming,
/// run through the parser without HTTP.
/// </summary>
public sealed class AnthropicStreamParserTests
{
    private const string Signature = "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds";

    [Fact]
    public void Thinking_and_signature_deltas_become_reasoning_that_coalesces_with_its_signature()
    {
        var sse = MessageStart()
            + Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}""")
            + Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me solve this step by step:\n\n1. "}}""")
            + Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"First break down 27 * 453"}}""")
            + Event("content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"{{{Signature}}}"}}""")
            + BlockStop(0)
            + TextStart(1) + TextDelta(1, "27 * 453 = 12,231") + BlockStop(1)
            + MessageDelta() + MessageStop();

        var (updates, complete) = ParseSse(sse);

        Assert.True(complete);
        var reasoning = updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>().ToList();
        Assert.Equal(3, reasoning.Count);
        Assert.Equal("Let me solve this step by step:\n\n1. ", reasoning[0].Text);
        Assert.Null(reasoning[0].ProtectedData);
        Assert.Equal(string.Empty, reasoning[2].Text);
        Assert.Equal(Signature, reasoning[2].ProtectedData);
        Assert.Equal("27 * 453 = 12,231", TextOf(updates));

        var message = Assert.Single(updates.ToChatResponse().Messages);
        var thinking = Assert.IsType<TextReasoningContent>(message.Contents[0]);
        Assert.Equal("Let me solve this step by step:\n\n1. First break down 27 * 453", thinking.Text);
        Assert.Equal(Signature, thinking.ProtectedData);
        Assert.Equal("27 * 453 = 12,231", Assert.IsType<TextContent>(message.Contents[1]).Text);
    }

    [Fact]
    public void Redacted_thinking_block_arrives_whole_with_its_data_and_marker()
    {
        var sse = MessageStart()
            + Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"}}""")
            + BlockStop(0)
            + TextStart(1) + TextDelta(1, "Done.") + BlockStop(1)
            + MessageDelta() + MessageStop();

        var (updates, _) = ParseSse(sse);

        var redacted = Assert.Single(updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>());
        Assert.Equal(string.Empty, redacted.Text);
        Assert.Equal("EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP", redacted.ProtectedData);
        Assert.Equal(true, redacted.AdditionalProperties?[AnthropicContentProperties.RedactedThinking]);
    }

    [Fact]
    public void Parallel_tool_calls_with_interleaved_deltas_are_assembled_by_index_and_emitted_at_their_stop()
    {
        var sse = MessageStart()
            + TextStart(0) + TextDelta(0, "Checking both.") + BlockStop(0)
            + ToolStart(1, "toolu_A", "get_weather")
            + ToolStart(2, "toolu_B", "get_time")
            + JsonDelta(1, "") + JsonDelta(2, "{\"tz\":")
            + JsonDelta(1, "{\"city\": \"Pa") + JsonDelta(2, " \"Europe/Paris\"}")
            + JsonDelta(1, "ris\", \"unit\": \"c\\u00b0\"}")
            + BlockStop(2)
            + BlockStop(1)
            + MessageDelta("tool_use") + MessageStop();

        var (updates, _) = ParseSse(sse);

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["toolu_B", "toolu_A"], calls.Select(c => c.CallId));
        Assert.Equal("get_time", calls[0].Name);
        Assert.Equal("Europe/Paris", ((JsonElement)calls[0].Arguments!["tz"]!).GetString());
        Assert.Equal("get_weather", calls[1].Name);
        Assert.Equal("Paris", ((JsonElement)calls[1].Arguments!["city"]!).GetString());
        Assert.Equal("c°", ((JsonElement)calls[1].Arguments!["unit"]!).GetString());
        Assert.All(updates.Where(u => u.Contents.OfType<FunctionCallContent>().Any()), u => Assert.Single(u.Contents));
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
    }

    [Fact]
    public void Tool_call_without_input_deltas_has_empty_arguments()
    {
        var sse = MessageStart() + ToolStart(0, "toolu_1", "now") + BlockStop(0) + MessageDelta("tool_use") + MessageStop();

        var (updates, _) = ParseSse(sse);

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.NotNull(call.Arguments);
        Assert.Empty(call.Arguments);
        Assert.Null(call.Exception);
    }

    [Fact]
    public void Malformed_tool_input_is_reported_on_the_call_not_as_a_broken_stream()
    {
        var sse = MessageStart() + ToolStart(0, "toolu_1", "f") + JsonDelta(0, "{\"a\": ") + BlockStop(0) + MessageDelta("max_tokens") + MessageStop();

        var (updates, complete) = ParseSse(sse);

        Assert.True(complete);
        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Null(call.Arguments);
        Assert.NotNull(call.Exception);
        Assert.Equal(ChatFinishReason.Length, updates[^1].FinishReason);
    }

    [Fact]
    public void Ping_unknown_events_unknown_blocks_and_citations_deltas_are_ignored()
    {
        var sse = MessageStart()
            + Ping()
            + Event("brand_new_event", """{"type":"brand_new_event","whatever":[1,2,3]}""")
            + Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}""")
            + JsonDelta(0, "{\"query\":\"x\"}")
            + BlockStop(0)
            + TextStart(1)
            + Event("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"citations_delta","citation":{"type":"char_location","cited_text":"quoted","document_index":0}}}""")
            + Event("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"future_delta","text":"not text"}}""")
            + TextDelta(1, "Answer")
            + Ping()
            + BlockStop(1)
            + MessageDelta() + MessageStop();

        var (updates, complete) = ParseSse(sse);

        Assert.True(complete);
        Assert.Equal("Answer", TextOf(updates));
        Assert.Empty(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal(3, updates.Count); // message_start's input usage, the text, message_delta's finish

    }

    [Fact]
    public void Usage_includes_cache_reads_and_writes_in_the_input_total()
    {
        var sse = MessageStart(usage: """{"input_tokens":5,"cache_creation_input_tokens":200,"cache_read_input_tokens":1000,"output_tokens":1}""")
            + TextStart(0) + TextDelta(0, "ok") + BlockStop(0)
            + MessageDelta(usage: """{"output_tokens":7}""") + MessageStop();

        var (updates, _) = ParseSse(sse);

        // Input at message_start, output at message_delta: the parts add up to the final counts.
        Assert.Equal(1205, Assert.IsType<UsageContent>(Assert.Single(updates[0].Contents)).Details.InputTokenCount);
        var usage = updates.ToChatResponse().Usage!;
        Assert.Equal(1205, usage.InputTokenCount);
        Assert.Equal(7, usage.OutputTokenCount);
        Assert.Equal(1212, usage.TotalTokenCount);
        Assert.Equal(1000, usage.CachedInputTokenCount);
        Assert.Equal(200, usage.AdditionalCounts![SwitchboardProperties.CacheCreationInputTokens]);
        Assert.Null(usage.ReasoningTokenCount);
    }

    [Fact]
    public void Repeated_cumulative_message_deltas_sum_to_the_final_counts()
    {
        var sse = MessageStart(usage: """{"input_tokens":10,"output_tokens":1}""")
            + TextStart(0) + TextDelta(0, "a") + BlockStop(0)
            + Event("message_delta", """{"type":"message_delta","delta":{"stop_reason":null},"usage":{"output_tokens":4}}""")
            + MessageDelta(usage: """{"input_tokens":10,"output_tokens":9}""")
            + MessageStop();

        var (updates, _) = ParseSse(sse);

        var usage = updates.ToChatResponse().Usage!;
        Assert.Equal(10, usage.InputTokenCount);
        Assert.Equal(9, usage.OutputTokenCount);
        Assert.Equal(19, usage.TotalTokenCount);
        Assert.Equal(3, updates.Count(u => u.Contents.OfType<UsageContent>().Any()));
        Assert.Equal(ChatFinishReason.Stop, Assert.Single(updates, u => u.FinishReason is not null).FinishReason);
    }

    [Theory]
    [InlineData("end_turn", "stop")]
    [InlineData("stop_sequence", "stop")]
    [InlineData("max_tokens", "length")]
    [InlineData("model_context_window_exceeded", "length")]
    [InlineData("tool_use", "tool_calls")]
    [InlineData("refusal", "content_filter")]
    [InlineData("pause_turn", "pause_turn")]
    [InlineData("some_future_reason", "some_future_reason")]
    public void Stop_reasons_map_to_normalized_finish_reasons_and_keep_the_raw_value(string stopReason, string normalized)
    {
        var (updates, _) = ParseSse(MessageStart() + MessageDelta(stopReason) + MessageStop());

        // message_start reports its input count at once; the finish comes with message_delta.
        Assert.Equal(2, updates.Count);
        Assert.Null(updates[0].FinishReason);
        var last = updates[^1];
        Assert.Equal(normalized, last.FinishReason?.Value);
        Assert.Equal(stopReason, last.AdditionalProperties?[SwitchboardProperties.ProviderFinishReason]);
    }

    [Fact]
    public void Events_without_event_lines_are_typed_by_their_data()
    {
        var sse = TextStream("Hello", " there");
        var dataOnly = string.Join("\n", sse.Split('\n').Where(line => !line.StartsWith("event:", StringComparison.Ordinal)));

        var (updates, complete) = ParseSse(dataOnly);

        Assert.True(complete);
        Assert.Equal("Hello there", TextOf(updates));
        Assert.Equal("msg_1", updates[0].ResponseId);
    }

    [Fact]
    public void Error_event_throws_a_typed_exception_after_the_text_before_it()
    {
        var parser = new AnthropicStreamParser("anthropic", DateTimeOffset.UnixEpoch);
        Assert.IsType<UsageContent>(Assert.Single(parser.Parse("message_start", Utf8(MessageStartData()))!.Contents));
        Assert.Null(parser.Parse("content_block_start", Utf8("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""")));
        var text = parser.Parse("content_block_delta", Utf8("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"partial"}}"""));
        Assert.Equal("partial", text?.Text);

        var error = Assert.Throws<ProviderException>(() =>
            parser.Parse("error", Utf8("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""")));

        Assert.Equal(ProviderErrorKind.Overloaded, error.Kind);
        Assert.Equal("overloaded_error", error.ErrorType);
        Assert.Equal("Overloaded", error.ProviderMessage);
        Assert.Null(error.StatusCode);
        Assert.False(parser.IsComplete);
    }

    [Fact]
    public void Events_after_message_stop_are_ignored()
    {
        var parser = new AnthropicStreamParser("anthropic", DateTimeOffset.UnixEpoch);
        parser.Parse("message_stop", Utf8("""{"type":"message_stop"}"""));

        Assert.True(parser.IsComplete);
        Assert.Null(parser.Parse("content_block_delta", Utf8("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"late"}}""")));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"cut""")]
    [InlineData("[1,2]")]
    public void Malformed_event_data_throws_json_exception(string data)
    {
        var parser = new AnthropicStreamParser("anthropic", DateTimeOffset.UnixEpoch);

        Assert.ThrowsAny<JsonException>(() => parser.Parse("content_block_delta", Utf8(data)));
    }

    [Fact]
    public void Every_update_carries_role_ids_model_and_creation_time()
    {
        var created = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var parser = new AnthropicStreamParser("anthropic", created);
        parser.Parse("message_start", Utf8(MessageStartData()));

        var update = parser.Parse("content_block_delta", Utf8("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}}"""));

        Assert.NotNull(update);
        Assert.Equal(ChatRole.Assistant, update.Role);
        Assert.Equal("msg_1", update.ResponseId);
        Assert.Equal("msg_1", update.MessageId);
        Assert.Equal("claude-x", update.ModelId);
        Assert.Equal(created, update.CreatedAt);
    }

    private static string MessageStartData() =>
        MessageStart().Split('\n').Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
