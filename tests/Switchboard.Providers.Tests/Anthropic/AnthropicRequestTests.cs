using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Providers.Anthropic;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Anthropic.AnthropicTestSupport;

namespace Switchboard.Providers.Tests.Anthropic;

/// <summary>
/// Request bodies, field by field against https://platform.claude.com/docs/en/api/messages/create:
/// system, turns, images, tools, tool results, thinking round trips and options.
/// </summary>
public sealed class AnthropicRequestTests
{
    [Fact]
    public void System_messages_and_instructions_go_to_the_top_level_system_and_turns_alternate()
    {
        List<ChatMessage> messages =
        [
            new(ChatRole.System, "You are terse."),
            new(ChatRole.User, "Hello"),
            new(ChatRole.User, "Are you there?"),
            new(ChatRole.Assistant, "Yes."),
            new(ChatRole.User, "Good."),
        ];

        var body = WriteRequest(messages, new ChatOptions { Instructions = "Answer in English." });

        var system = body.GetProperty("system");
        Assert.Equal(JsonValueKind.Array, system.ValueKind);
        Assert.Equal(["Answer in English.", "You are terse."], system.EnumerateArray().Select(b => b.GetProperty("text").GetString()));
        Assert.All(system.EnumerateArray(), b => Assert.Equal("text", b.GetProperty("type").GetString()));

        var turns = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user"], turns.Select(t => t.GetProperty("role").GetString()));
        Assert.Equal(["Hello", "Are you there?"], turns[0].GetProperty("content").EnumerateArray().Select(b => b.GetProperty("text").GetString()));
        Assert.Equal("Yes.", turns[1].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.DoesNotContain(turns, t => t.GetProperty("role").GetString() == "system");
    }

    [Fact]
    public void A_single_system_part_is_a_plain_string()
    {
        var body = WriteRequest([new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi")]);

        Assert.Equal("Be brief.", body.GetProperty("system").GetString());
    }

    [Fact]
    public void Defaults_model_max_tokens_and_no_optional_fields()
    {
        var body = WriteRequest(Hello());

        Assert.Equal(Model, body.GetProperty("model").GetString());
        Assert.Equal(AnthropicRequestWriter.DefaultMaxTokens, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(4096, AnthropicRequestWriter.DefaultMaxTokens);
        Assert.Equal(["model", "max_tokens", "messages"], body.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Options_map_to_their_fields_and_unsupported_ones_are_not_sent()
    {
        var options = new ChatOptions
        {
            ModelId = "claude-override",
            MaxOutputTokens = 321,
            Temperature = 0.25f,
            TopP = 0.9f,
            TopK = 40,
            StopSequences = ["END", "STOP"],
            Seed = 7,
            FrequencyPenalty = 0.5f,
            PresencePenalty = 0.5f,
        };

        var body = WriteRequest(Hello(), options, stream: true);

        Assert.Equal("claude-override", body.GetProperty("model").GetString());
        Assert.Equal(321, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.25, body.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble(), 3);
        Assert.Equal(40, body.GetProperty("top_k").GetInt32());
        Assert.Equal(["END", "STOP"], body.GetProperty("stop_sequences").EnumerateArray().Select(s => s.GetString()));
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.False(body.TryGetProperty("seed", out _));
        Assert.False(body.TryGetProperty("frequency_penalty", out _));
        Assert.False(body.TryGetProperty("presence_penalty", out _));
    }

    [Fact]
    public void Images_as_base64_data_and_as_url()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 };
        var body = WriteRequest([new(ChatRole.User, [
            new DataContent(png, "image/png"),
            new UriContent(new Uri("https://example.com/cat.jpg"), "image/jpeg"),
            new TextContent("What is in these?"),
        ])]);

        var content = body.GetProperty("messages")[0].GetProperty("content");
        Assert.Equal("image", content[0].GetProperty("type").GetString());
        var inline = content[0].GetProperty("source");
        Assert.Equal("base64", inline.GetProperty("type").GetString());
        Assert.Equal("image/png", inline.GetProperty("media_type").GetString());
        Assert.Equal(Convert.ToBase64String(png), inline.GetProperty("data").GetString());

        Assert.Equal("image", content[1].GetProperty("type").GetString());
        var linked = content[1].GetProperty("source");
        Assert.Equal("url", linked.GetProperty("type").GetString());
        Assert.Equal("https://example.com/cat.jpg", linked.GetProperty("url").GetString());
        Assert.False(linked.TryGetProperty("media_type", out _));

        Assert.Equal("What is in these?", content[2].GetProperty("text").GetString());
    }

    [Fact]
    public void Pdf_becomes_a_document_block_and_unsupported_media_fails_loudly()
    {
        var body = WriteRequest([new(ChatRole.User, [new DataContent(new byte[] { 1, 2 }, "application/pdf")])]);
        var document = body.GetProperty("messages")[0].GetProperty("content")[0];
        Assert.Equal("document", document.GetProperty("type").GetString());
        Assert.Equal("application/pdf", document.GetProperty("source").GetProperty("media_type").GetString());

        Assert.Throws<NotSupportedException>(() => WriteRequest([new(ChatRole.User, [new DataContent(new byte[] { 1 }, "audio/wav")])]));
    }

    public static TheoryData<string, string?> ToolModes => new()
    {
        { "auto", """{"type":"auto"}""" },
        { "none", """{"type":"none"}""" },
        { "any", """{"type":"any"}""" },
        { "specific", """{"type":"tool","name":"get_weather"}""" },
        { "unset", null },
        { "single_call", """{"type":"auto","disable_parallel_tool_use":true}""" },
        { "any_single_call", """{"type":"any","disable_parallel_tool_use":true}""" },
        { "none_single_call", """{"type":"none"}""" },
    };

    [Theory]
    [MemberData(nameof(ToolModes))]
    public void Tools_and_each_tool_mode(string mode, string? expectedToolChoice)
    {
        var options = new ChatOptions
        {
            Tools = [Weather(), AIFunctionFactory.CreateDeclaration("get_time", "Current time.", Parse("""{"type":"object","properties":{}}"""))],
            ToolMode = mode switch
            {
                "auto" => ChatToolMode.Auto,
                "none" or "none_single_call" => ChatToolMode.None,
                "any" or "any_single_call" => ChatToolMode.RequireAny,
                "specific" => ChatToolMode.RequireSpecific("get_weather"),
                _ => null,
            },
            AllowMultipleToolCalls = mode.EndsWith("single_call", StringComparison.Ordinal) ? false : null,
        };

        var body = WriteRequest(Hello(), options);

        var tools = body.GetProperty("tools").EnumerateArray().ToList();
        Assert.Equal(["get_weather", "get_time"], tools.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("Gets the weather for a city.", tools[0].GetProperty("description").GetString());
        var schema = tools[0].GetProperty("input_schema");
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal("string", schema.GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.Equal(["city"], schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));

        if (expectedToolChoice is null)
        {
            Assert.False(body.TryGetProperty("tool_choice", out _));
        }
        else
        {
            Assert.True(JsonElement.DeepEquals(Parse(expectedToolChoice), body.GetProperty("tool_choice")), body.GetProperty("tool_choice").GetRawText());
        }
    }

    [Fact]
    public void Tool_mode_without_tools_sends_neither()
    {
        var body = WriteRequest(Hello(), new ChatOptions { ToolMode = ChatToolMode.RequireAny });

        Assert.False(body.TryGetProperty("tools", out _));
        Assert.False(body.TryGetProperty("tool_choice", out _));
    }

    [Fact]
    public void Tool_call_and_results_round_trip_with_results_first_and_errors_marked()
    {
        var arguments = new Dictionary<string, object?>
        {
            ["city"] = "Paris",
            ["days"] = 3,
            ["detail"] = Parse("""{"hourly":true}"""),
        };
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "Weather in Paris and the time?"),
            new(ChatRole.Assistant, [
                new TextContent("Let me check."),
                new FunctionCallContent("toolu_1", "get_weather", arguments),
                new FunctionCallContent("toolu_2", "get_time", new Dictionary<string, object?>()),
            ]),
            new(ChatRole.Tool, [
                new FunctionResultContent("toolu_1", Parse("""{"temp":21,"sky":"clear"}""")),
                new FunctionResultContent("toolu_2", "Error: clock broken") { Exception = new InvalidOperationException("clock broken") },
            ]),
            new(ChatRole.User, "Thanks, and tomorrow?"),
        ];

        var body = WriteRequest(messages);

        var turns = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user"], turns.Select(t => t.GetProperty("role").GetString()));

        var assistant = turns[1].GetProperty("content");
        Assert.Equal(["text", "tool_use", "tool_use"], assistant.EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("toolu_1", assistant[1].GetProperty("id").GetString());
        Assert.Equal("get_weather", assistant[1].GetProperty("name").GetString());
        Assert.True(JsonElement.DeepEquals(Parse("""{"city":"Paris","days":3,"detail":{"hourly":true}}"""), assistant[1].GetProperty("input")));
        Assert.Equal(JsonValueKind.Object, assistant[2].GetProperty("input").ValueKind);

        var results = turns[2].GetProperty("content");
        Assert.Equal(["tool_result", "tool_result", "text"], results.EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("toolu_1", results[0].GetProperty("tool_use_id").GetString());
        Assert.Equal("""{"temp":21,"sky":"clear"}""", results[0].GetProperty("content").GetString());
        Assert.False(results[0].TryGetProperty("is_error", out _));
        Assert.Equal("toolu_2", results[1].GetProperty("tool_use_id").GetString());
        Assert.Equal("Error: clock broken", results[1].GetProperty("content").GetString());
        Assert.True(results[1].GetProperty("is_error").GetBoolean());
        Assert.Equal("Thanks, and tomorrow?", results[2].GetProperty("text").GetString());
    }

    [Fact]
    public void Tool_results_of_text_and_images_become_content_blocks()
    {
        var body = WriteRequest([
            new(ChatRole.Tool, [new FunctionResultContent("toolu_1", new AIContent[] { new TextContent("Screenshot:"), new DataContent(new byte[] { 1, 2, 3 }, "image/png") })]),
            new(ChatRole.Tool, [new FunctionResultContent("toolu_2", null) { Exception = new TimeoutException("too slow") }]),
        ]);

        var results = body.GetProperty("messages")[0].GetProperty("content");
        var blocks = results[0].GetProperty("content");
        Assert.Equal(["text", "image"], blocks.EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("Error: too slow", results[1].GetProperty("content").GetString());
        Assert.True(results[1].GetProperty("is_error").GetBoolean());
    }

    [Fact]
    public void Thinking_goes_back_exactly_and_before_the_tool_use_blocks()
    {
        var redacted = new TextReasoningContent(string.Empty)
        {
            ProtectedData = "EmwKAhgBEgy3va3pzix",
            AdditionalProperties = new() { [AnthropicContentProperties.RedactedThinking] = true },
        };
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "Weather?"),
            new(ChatRole.Assistant, [
                new FunctionCallContent("toolu_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }),
                new TextReasoningContent("I should call the tool.") { ProtectedData = "sig-abc" },
                redacted,
                new TextReasoningContent("unsigned musing"),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("toolu_1", "21C")]),
        ];

        var body = WriteRequest(messages);

        var assistant = body.GetProperty("messages")[1].GetProperty("content");
        Assert.Equal(["thinking", "redacted_thinking", "tool_use"], assistant.EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        Assert.True(JsonElement.DeepEquals(
            Parse("""{"type":"thinking","thinking":"I should call the tool.","signature":"sig-abc"}"""), assistant[0]));
        Assert.True(JsonElement.DeepEquals(Parse("""{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"}"""), assistant[1]));
    }

    [Fact]
    public void A_message_with_nothing_sendable_is_dropped_without_breaking_alternation()
    {
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "One"),
            new(ChatRole.Assistant, [new TextReasoningContent("unsigned only"), new TextContent(string.Empty)]),
            new(ChatRole.User, "Two"),
        ];

        var body = WriteRequest(messages);

        var turn = Assert.Single(body.GetProperty("messages").EnumerateArray());
        Assert.Equal("user", turn.GetProperty("role").GetString());
        Assert.Equal(["One", "Two"], turn.GetProperty("content").EnumerateArray().Select(b => b.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task A_streamed_thinking_tool_turn_is_sent_back_verbatim_on_the_next_request()
    {
        var sse = MessageStart()
            + Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}""")
            + Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Need the "}}""")
            + Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"weather tool."}}""")
            + Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"c2lnbmF0dXJl+/="}}""")
            + BlockStop(0)
            + Event("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"cmVkYWN0ZWQ="}}""")
            + BlockStop(1)
            + ToolStart(2, "toolu_9", "get_weather") + JsonDelta(2, "{\"city\":\"Oslo\"}") + BlockStop(2)
            + MessageDelta("tool_use") + MessageStop();
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeSse(sse);
        using var client = CreateClient(server);

        var first = await client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct).ToChatResponseAsync(Ct);
        server.Handler = ServeSse(TextStream("It is cold."));
        List<ChatMessage> history = [.. Hello(), .. first.Messages, new(ChatRole.Tool, [new FunctionResultContent("toolu_9", "-5C")])];
        var second = await CollectAsync(client.GetStreamingResponseAsync(history, cancellationToken: Ct));

        Assert.Equal("It is cold.", TextOf(second));
        var assistant = server.LastRequest.Json.GetProperty("messages")[1];
        Assert.Equal("assistant", assistant.GetProperty("role").GetString());
        Assert.True(JsonElement.DeepEquals(
            Parse("""
                [
                  {"type":"thinking","thinking":"Need the weather tool.","signature":"c2lnbmF0dXJl+/="},
                  {"type":"redacted_thinking","data":"cmVkYWN0ZWQ="},
                  {"type":"tool_use","id":"toolu_9","name":"get_weather","input":{"city":"Oslo"}}
                ]
                """),
            assistant.GetProperty("content")), assistant.GetProperty("content").GetRawText());
        var toolTurn = server.LastRequest.Json.GetProperty("messages")[2];
        Assert.Equal("user", toolTurn.GetProperty("role").GetString());
        Assert.Equal("toolu_9", toolTurn.GetProperty("content")[0].GetProperty("tool_use_id").GetString());
    }

    [Theory]
    [InlineData(ReasoningEffort.Low, "low")]
    [InlineData(ReasoningEffort.Medium, "medium")]
    [InlineData(ReasoningEffort.High, "high")]
    [InlineData(ReasoningEffort.ExtraHigh, "xhigh")]
    public void Reasoning_effort_maps_to_adaptive_thinking_and_output_effort(ReasoningEffort effort, string expected)
    {
        var body = WriteRequest(Hello(), new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort } });

        Assert.True(JsonElement.DeepEquals(Parse("""{"type":"adaptive"}"""), body.GetProperty("thinking")));
        Assert.Equal(expected, body.GetProperty("output_config").GetProperty("effort").GetString());
    }

    [Fact]
    public void Reasoning_effort_none_disables_thinking_and_output_mode_sets_display()
    {
        var off = WriteRequest(Hello(), new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.None } });
        var summarized = WriteRequest(Hello(), new ChatOptions { Reasoning = new ReasoningOptions { Output = ReasoningOutput.Summary } });

        Assert.True(JsonElement.DeepEquals(Parse("""{"type":"disabled"}"""), off.GetProperty("thinking")));
        Assert.False(off.TryGetProperty("output_config", out _));
        Assert.True(JsonElement.DeepEquals(Parse("""{"type":"adaptive","display":"summarized"}"""), summarized.GetProperty("thinking")));
    }

    [Fact]
    public void Thinking_in_additional_properties_is_passed_through_and_wins()
    {
        var options = new ChatOptions
        {
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High },
            AdditionalProperties = new() { ["thinking"] = Parse("""{"type":"enabled","budget_tokens":2048}""") },
        };

        var body = WriteRequest(Hello(), options);

        Assert.True(JsonElement.DeepEquals(Parse("""{"type":"enabled","budget_tokens":2048}"""), body.GetProperty("thinking")));
        Assert.Single(body.EnumerateObject(), p => p.Name == "thinking");
    }

    [Fact]
    public void Json_schema_response_format_goes_to_output_config_format()
    {
        var schema = Parse("""{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],"additionalProperties":false}""");

        var body = WriteRequest(Hello(), new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "answer") });
        var plainJson = WriteRequest(Hello(), new ChatOptions { ResponseFormat = ChatResponseFormat.Json });

        var format = body.GetProperty("output_config").GetProperty("format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.True(JsonElement.DeepEquals(schema, format.GetProperty("schema")));
        Assert.False(plainJson.TryGetProperty("output_config", out _));
    }

    [Fact]
    public void Additional_properties_are_extra_top_level_fields_that_cannot_replace_messages_or_stream()
    {
        var options = new ChatOptions
        {
            Temperature = 1,
            AdditionalProperties = new()
            {
                ["metadata"] = new Dictionary<string, object?> { ["user_id"] = "u-42" },
                ["service_tier"] = "standard_only",
                ["temperature"] = 0.5,
                ["messages"] = "hijack",
                ["stream"] = false,
            },
        };

        var body = WriteRequest(Hello(), options, stream: true);

        Assert.Equal("u-42", body.GetProperty("metadata").GetProperty("user_id").GetString());
        Assert.Equal("standard_only", body.GetProperty("service_tier").GetString());
        Assert.Equal(0.5, body.GetProperty("temperature").GetDouble());
        Assert.Single(body.EnumerateObject(), p => p.Name == "temperature");
        Assert.Equal(JsonValueKind.Array, body.GetProperty("messages").ValueKind);
        Assert.True(body.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public void Cache_control_on_contents_tools_and_system_is_copied_to_their_blocks()
    {
        var ephemeral = Parse("""{"type":"ephemeral"}""");
        AdditionalPropertiesDictionary Breakpoint() => new() { [AnthropicContentProperties.CacheControl] = ephemeral };
        var cachedTool = new AnthropicTestToolDeclaration("lookup", Parse("""{"type":"object","properties":{}}"""), Breakpoint());
        List<ChatMessage> messages =
        [
            new(ChatRole.System, [new TextContent("Long stable system prompt") { AdditionalProperties = Breakpoint() }]),
            new(ChatRole.User, [new TextContent("Big document") { AdditionalProperties = Breakpoint() }, new TextContent("Question")]),
        ];

        var body = WriteRequest(messages, new ChatOptions { Tools = [cachedTool] });

        var system = Assert.Single(body.GetProperty("system").EnumerateArray());
        Assert.True(JsonElement.DeepEquals(ephemeral, system.GetProperty("cache_control")));
        var content = body.GetProperty("messages")[0].GetProperty("content");
        Assert.True(JsonElement.DeepEquals(ephemeral, content[0].GetProperty("cache_control")));
        Assert.False(content[1].TryGetProperty("cache_control", out _));
        Assert.True(JsonElement.DeepEquals(ephemeral, body.GetProperty("tools")[0].GetProperty("cache_control")));
        Assert.False(body.GetProperty("tools")[0].TryGetProperty("description", out _));
    }

    [Fact]
    public async Task End_to_end_request_carries_the_documented_headers_and_body()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeSse(TextStream("ok"));
        using var client = CreateClient(server);

        await CollectAsync(client.GetStreamingResponseAsync(
            [new(ChatRole.System, "Sys"), new(ChatRole.User, "Question")],
            new ChatOptions { MaxOutputTokens = 100, Tools = [Weather()] },
            Ct));

        var request = server.LastRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/messages", request.PathAndQuery);
        Assert.Equal(ApiKey, request.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", request.Headers["anthropic-version"]);
        Assert.Equal("text/event-stream", request.Headers["Accept"]);
        Assert.DoesNotContain(ApiKey, request.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
        var body = request.Json;
        Assert.Equal("Sys", body.GetProperty("system").GetString());
        Assert.Equal(100, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal("get_weather", body.GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.Equal("Question", body.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    private static AIFunctionDeclaration Weather() => AIFunctionFactory.CreateDeclaration(
        "get_weather",
        "Gets the weather for a city.",
        Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
