using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.OpenAI;
using Xunit;
using static Switchboard.Providers.Tests.OpenAI.OpenAITestKit;

namespace Switchboard.Providers.Tests.OpenAI;

/// <summary>Responses API stream events (https://platform.openai.com/docs/api-reference/responses-streaming).</summary>
public sealed class OpenAIResponsesStreamParserTests
{
    private const string Created = """{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","created_at":1758064436,"status":"in_progress","model":"o4-mini","output":[],"usage":null,"error":null,"incomplete_details":null}}""";

    [Fact]
    public void Reasoning_summary_and_encrypted_reasoning_then_text()
    {
        var updates = Parse(
            Created,
            """{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"rs_1","type":"reasoning","summary":[]}}""",
            """{"type":"response.reasoning_summary_part.added","sequence_number":2,"item_id":"rs_1","output_index":0,"summary_index":0,"part":{"type":"summary_text","text":""}}""",
            """{"type":"response.reasoning_summary_text.delta","sequence_number":3,"item_id":"rs_1","output_index":0,"summary_index":0,"delta":"**Comparing** numbers"}""",
            """{"type":"response.reasoning_summary_text.done","sequence_number":4,"item_id":"rs_1","output_index":0,"summary_index":0,"text":"**Comparing** numbers"}""",
            """{"type":"response.output_item.done","sequence_number":5,"output_index":0,"item":{"id":"rs_1","type":"reasoning","summary":[{"type":"summary_text","text":"**Comparing** numbers"}],"encrypted_content":"gAAAAB-opaque"}}""",
            """{"type":"response.output_text.delta","sequence_number":6,"item_id":"msg_1","output_index":1,"content_index":0,"delta":"9.8"}""",
            Completed(status: "completed", input: 20, output: 120, reasoning: 100));

        var reasoning = All<TextReasoningContent>(updates);
        Assert.Equal("**Comparing** numbers", reasoning[0].Text);
        Assert.Equal("gAAAAB-opaque", reasoning[1].ProtectedData);
        Assert.Equal("9.8", TextOf(updates));
        Assert.Equal("msg_1", updates.Single(u => u.Text.Length > 0).MessageId);
        Assert.All(updates, u => Assert.Equal(("resp_1", "o4-mini"), (u.ResponseId, u.ModelId)));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1758064436), updates[0].CreatedAt);
        var usage = Assert.Single(All<UsageContent>(updates)).Details;
        Assert.Equal(100, usage.ReasoningTokenCount);
        Assert.Equal(120, usage.OutputTokenCount);
    }

    [Fact]
    public void Function_call_arguments_are_assembled_and_emitted_when_done()
    {
        var updates = Parse(
            Created,
            """{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"fc_1","type":"function_call","status":"in_progress","arguments":"","call_id":"call_abc","name":"get_weather"}}""",
            """{"type":"response.function_call_arguments.delta","sequence_number":2,"item_id":"fc_1","output_index":0,"delta":"{\"city\":"}""",
            """{"type":"response.function_call_arguments.delta","sequence_number":3,"item_id":"fc_1","output_index":0,"delta":"\"Paris\"}"}""",
            """{"type":"response.function_call_arguments.done","sequence_number":4,"item_id":"fc_1","output_index":0,"arguments":"{\"city\":\"Paris\"}"}""",
            """{"type":"response.output_item.done","sequence_number":5,"output_index":0,"item":{"id":"fc_1","type":"function_call","status":"completed","arguments":"{\"city\":\"Paris\"}","call_id":"call_abc","name":"get_weather"}}""",
            Completed(status: "completed", input: 30, output: 12, reasoning: 0));

        var call = Assert.Single(All<FunctionCallContent>(updates));
        Assert.Equal(("call_abc", "get_weather"), (call.CallId, call.Name));
        Assert.Equal("Paris", ((JsonElement)call.Arguments!["city"]!).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
        Assert.Equal("completed", updates[^1].AdditionalProperties![SwitchboardProperties.ProviderFinishReason]);
    }

    [Fact]
    public void Arguments_from_deltas_are_used_when_done_carries_none()
    {
        var updates = Parse(
            """{"type":"response.output_item.added","output_index":0,"item":{"id":"fc_2","type":"function_call","call_id":"call_2","name":"f"}}""",
            """{"type":"response.function_call_arguments.delta","item_id":"fc_2","output_index":0,"delta":"{\"n\":"}""",
            """{"type":"response.function_call_arguments.delta","item_id":"fc_2","output_index":0,"delta":"7}"}""",
            """{"type":"response.function_call_arguments.done","item_id":"fc_2","output_index":0}""");

        var call = Assert.Single(All<FunctionCallContent>(updates));
        Assert.Equal(7, ((JsonElement)call.Arguments!["n"]!).GetInt32());
    }

    [Fact]
    public void Incomplete_response_finishes_with_length()
    {
        var updates = Parse(
            Created,
            """{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"Once upon"}""",
            """{"type":"response.incomplete","response":{"id":"resp_1","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"usage":{"input_tokens":5,"output_tokens":16,"total_tokens":21}}}""");

        Assert.Equal(ChatFinishReason.Length, updates[^1].FinishReason);
        Assert.Equal("max_output_tokens", updates[^1].AdditionalProperties![SwitchboardProperties.ProviderFinishReason]);
        Assert.Equal(16, Assert.Single(All<UsageContent>(updates)).Details.OutputTokenCount);
    }

    [Fact]
    public void Refusal_is_delivered_as_error_content_not_text()
    {
        var updates = Parse(
            """{"type":"response.refusal.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"I can't "}""",
            """{"type":"response.refusal.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"help."}""",
            """{"type":"response.refusal.done","item_id":"msg_1","output_index":0,"content_index":0,"refusal":"I can't help."}""");

        Assert.Empty(TextOf(updates));
        var refusal = Assert.Single(All<ErrorContent>(updates));
        Assert.Equal("I can't help.", refusal.Message);
        Assert.Equal("refusal", refusal.ErrorCode);
    }

    [Fact]
    public void Failed_response_throws_with_the_provider_message()
    {
        var parser = new OpenAIResponsesStreamParser("openai");
        parser.Parse("response.created", Encoding.UTF8.GetBytes(Created));

        var error = Assert.Throws<ProviderException>(() => parser.Parse(
            "response.failed",
            """{"type":"response.failed","response":{"id":"resp_1","status":"failed","error":{"code":"rate_limit_exceeded","message":"Rate limit reached"}}}"""u8));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal("Rate limit reached", error.ProviderMessage);
        Assert.Equal("rate_limit_exceeded", error.ErrorType);
        Assert.False(parser.IsCompleted);
    }

    [Fact]
    public void Error_event_throws()
    {
        var parser = new OpenAIResponsesStreamParser("openai");

        var error = Assert.Throws<ProviderException>(() => parser.Parse(
            "error",
            """{"type":"error","code":"server_error","message":"Something went wrong","param":null,"sequence_number":3}"""u8));

        Assert.Equal("Something went wrong", error.ProviderMessage);
        Assert.Equal(ProviderErrorKind.StreamInterrupted, error.Kind);
    }

    [Fact]
    public void Unknown_events_are_ignored_and_a_missing_terminal_event_is_visible()
    {
        var (updates, parser) = ParseResponses(Sse(
        [
            """{"type":"response.web_search_call.searching","item_id":"ws_1","output_index":0}""",
            """{"type":"response.output_text.delta","item_id":"msg_1","output_index":1,"content_index":0,"delta":"Hi"}""",
            """{"type":"response.something_new","payload":{"a":[1,2,3]}}""",
        ], done: false));

        Assert.Equal("Hi", TextOf(updates));
        Assert.Single(updates);
        Assert.False(parser.IsCompleted);
    }

    [Fact]
    public void Malformed_event_throws_a_json_exception()
    {
        var parser = new OpenAIResponsesStreamParser("openai");

        Assert.ThrowsAny<JsonException>(() => parser.Parse("response.output_text.delta", """{"type":"response.output_text.delta","delta":"""u8));
    }

    private static string Completed(string status, int input, int output, int reasoning) =>
        "{\"type\":\"response.completed\",\"sequence_number\":99,\"response\":{\"id\":\"resp_1\",\"status\":\"" + status
        + "\",\"model\":\"o4-mini\",\"usage\":{\"input_tokens\":" + input + ",\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":" + output
        + ",\"output_tokens_details\":{\"reasoning_tokens\":" + reasoning + "},\"total_tokens\":" + (input + output) + "}}}";

    private static List<ChatResponseUpdate> Parse(params string[] events)
    {
        // With "event:" lines, as OpenAI sends them.
        var text = new StringBuilder();
        foreach (var data in events)
        {
            var type = JsonDocument.Parse(data).RootElement.GetProperty("type").GetString();
            text.Append("event: ").Append(type).Append('\n').Append("data: ").Append(data).Append("\n\n");
        }

        return ParseResponses(Encoding.UTF8.GetBytes(text.ToString())).Updates;
    }
}
