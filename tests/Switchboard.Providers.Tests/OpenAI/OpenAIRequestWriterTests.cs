using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Providers.OpenAI;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.OpenAI.OpenAITestKit;

namespace Switchboard.Providers.Tests.OpenAI;

/// <summary>
/// Request bodies compared field by field with the Chat Completions reference
/// (https://platform.openai.com/docs/api-reference/chat/create).
/// </summary>
public sealed class OpenAIRequestWriterTests
{
    private static readonly JsonElement WeatherSchema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement.Clone();

    private static readonly AIFunctionDeclaration Weather = AIFunctionFactory.CreateDeclaration("get_weather", "Current weather for a city.", WeatherSchema);

    private static readonly AIFunctionDeclaration Time = AIFunctionFactory.CreateDeclaration("get_time", null, JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone());

    [Fact]
    public void System_instructions_and_a_multi_turn_conversation()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.System, "You are terse."),
            new(ChatRole.User, "Hi"),
            new(ChatRole.Assistant, "Hello."),
            new(ChatRole.User, "Bye") { AuthorName = "ann" },
        ];

        var body = RequestJson(messages, new ChatOptions { Instructions = "Answer in French." });

        Assert.Equal("gpt-test", body.GetProperty("model").GetString());
        var sent = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(
            [("system", "Answer in French."), ("system", "You are terse."), ("user", "Hi"), ("assistant", "Hello."), ("user", "Bye")],
            sent.Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())));
        Assert.Equal("ann", sent[4].GetProperty("name").GetString());
        Assert.False(body.TryGetProperty("stream", out _));
        Assert.False(body.TryGetProperty("tools", out _));
    }

    [Fact]
    public void Streaming_always_asks_for_usage()
    {
        var body = RequestJson(UserSays("x"), stream: true);

        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public void Sampling_options_map_to_their_fields()
    {
        var options = new ChatOptions
        {
            ModelId = "gpt-4.1-mini",
            MaxOutputTokens = 256,
            Temperature = 0.25f,
            TopP = 0.9f,
            TopK = 40,
            FrequencyPenalty = 0.5f,
            PresencePenalty = -0.5f,
            Seed = 42,
            StopSequences = ["END", "\n\n"],
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low },
        };

        var body = RequestJson(UserSays("x"), options);

        Assert.Equal("gpt-4.1-mini", body.GetProperty("model").GetString());
        Assert.Equal(256, body.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(body.TryGetProperty("max_tokens", out _));
        Assert.Equal(0.25, body.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble(), 3);
        Assert.Equal(40, body.GetProperty("top_k").GetInt32());
        Assert.Equal(0.5, body.GetProperty("frequency_penalty").GetDouble(), 3);
        Assert.Equal(-0.5, body.GetProperty("presence_penalty").GetDouble(), 3);
        Assert.Equal(42, body.GetProperty("seed").GetInt64());
        Assert.Equal(["END", "\n\n"], body.GetProperty("stop").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("low", body.GetProperty("reasoning_effort").GetString());
    }

    [Fact]
    public void Top_k_is_not_sent_to_the_openai_platform()
    {
        var body = RequestJson(UserSays("x"), new ChatOptions { TopK = 40 }, openAIPlatform: true);

        Assert.False(body.TryGetProperty("top_k", out _));
    }

    [Fact]
    public void Json_response_formats()
    {
        var plain = RequestJson(UserSays("x"), new ChatOptions { ResponseFormat = ChatResponseFormat.Json });
        var schema = RequestJson(UserSays("x"), new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(WeatherSchema, "weather", "A city") });
        var text = RequestJson(UserSays("x"), new ChatOptions { ResponseFormat = ChatResponseFormat.Text });

        Assert.Equal("json_object", plain.GetProperty("response_format").GetProperty("type").GetString());
        var format = schema.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("weather", format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.Equal("A city", format.GetProperty("json_schema").GetProperty("description").GetString());
        Assert.Equal(WeatherSchema.GetRawText(), format.GetProperty("json_schema").GetProperty("schema").GetRawText());
        Assert.False(text.TryGetProperty("response_format", out _));
    }

    [Fact]
    public void Images_as_data_and_as_urls_with_detail()
    {
        var png = new DataContent(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0xFB, 0xFF }, "image/png")
        {
            AdditionalProperties = new() { ["detail"] = "low" },
        };
        var url = new UriContent(new Uri("https://example.com/cat.jpg"), "image/jpeg");
        ChatMessage[] messages = [new(ChatRole.User, [new TextContent("What is in these?"), png, url])];

        var parts = RequestJson(messages).GetProperty("messages")[0].GetProperty("content").EnumerateArray().ToList();

        Assert.Equal(3, parts.Count);
        Assert.Equal("text", parts[0].GetProperty("type").GetString());
        Assert.Equal("What is in these?", parts[0].GetProperty("text").GetString());
        Assert.Equal("image_url", parts[1].GetProperty("type").GetString());
        Assert.Equal("data:image/png;base64,iVBOR/v/", parts[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("low", parts[1].GetProperty("image_url").GetProperty("detail").GetString());
        Assert.Equal("https://example.com/cat.jpg", parts[2].GetProperty("image_url").GetProperty("url").GetString());
        Assert.False(parts[2].GetProperty("image_url").TryGetProperty("detail", out _));
    }

    [Fact]
    public void Audio_and_pdf_inputs_use_their_part_types()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.User,
            [
                new DataContent(new byte[] { 1, 2, 3 }, "audio/wav"),
                new DataContent(new byte[] { 4, 5, 6 }, "application/pdf") { Name = "spec.pdf" },
            ]),
        ];

        var parts = RequestJson(messages).GetProperty("messages")[0].GetProperty("content").EnumerateArray().ToList();

        Assert.Equal("input_audio", parts[0].GetProperty("type").GetString());
        Assert.Equal("AQID", parts[0].GetProperty("input_audio").GetProperty("data").GetString());
        Assert.Equal("wav", parts[0].GetProperty("input_audio").GetProperty("format").GetString());
        Assert.Equal("file", parts[1].GetProperty("type").GetString());
        Assert.Equal("spec.pdf", parts[1].GetProperty("file").GetProperty("filename").GetString());
        Assert.Equal("data:application/pdf;base64,BAUG", parts[1].GetProperty("file").GetProperty("file_data").GetString());
    }

    [Fact]
    public void Unsupported_media_is_refused_before_sending()
    {
        ChatMessage[] messages = [new(ChatRole.User, [new DataContent(new byte[] { 1 }, "video/mp4")])];

        Assert.Throws<NotSupportedException>(() => RequestJson(messages));
    }

    [Fact]
    public void Tools_are_declared_as_functions()
    {
        var body = RequestJson(UserSays("x"), new ChatOptions { Tools = [Weather, Time] });

        var tools = body.GetProperty("tools").EnumerateArray().ToList();
        Assert.Equal(2, tools.Count);
        Assert.All(tools, t => Assert.Equal("function", t.GetProperty("type").GetString()));
        var weather = tools[0].GetProperty("function");
        Assert.Equal("get_weather", weather.GetProperty("name").GetString());
        Assert.Equal("Current weather for a city.", weather.GetProperty("description").GetString());
        Assert.Equal(WeatherSchema.GetRawText(), weather.GetProperty("parameters").GetRawText());
        Assert.False(tools[1].GetProperty("function").TryGetProperty("description", out _));
        Assert.False(body.TryGetProperty("tool_choice", out _));
        Assert.False(body.TryGetProperty("parallel_tool_calls", out _));
    }

    public static TheoryData<string, string> ToolModes => new()
    {
        { "auto", "\"auto\"" },
        { "none", "\"none\"" },
        { "required", "\"required\"" },
        { "specific", """{"type":"function","function":{"name":"get_weather"}}""" },
    };

    [Theory]
    [MemberData(nameof(ToolModes))]
    public void Each_tool_mode_maps_to_tool_choice(string mode, string expected)
    {
        ChatToolMode toolMode = mode switch
        {
            "auto" => ChatToolMode.Auto,
            "none" => ChatToolMode.None,
            "required" => ChatToolMode.RequireAny,
            _ => ChatToolMode.RequireSpecific("get_weather"),
        };

        var body = RequestJson(UserSays("x"), new ChatOptions { Tools = [Weather], ToolMode = toolMode, AllowMultipleToolCalls = false });

        Assert.Equal(expected, body.GetProperty("tool_choice").GetRawText());
        Assert.False(body.GetProperty("parallel_tool_calls").GetBoolean());
    }

    [Fact]
    public void Tool_choice_and_parallel_calls_are_not_sent_without_tools()
    {
        var body = RequestJson(UserSays("x"), new ChatOptions { ToolMode = ChatToolMode.RequireAny, AllowMultipleToolCalls = true });

        Assert.False(body.TryGetProperty("tool_choice", out _));
        Assert.False(body.TryGetProperty("parallel_tool_calls", out _));
    }

    [Fact]
    public void Assistant_tool_calls_and_tool_results_round_trip()
    {
        var arguments = new Dictionary<string, object?>
        {
            ["city"] = JsonDocument.Parse("\"Paris\"").RootElement.Clone(),
            ["days"] = 3,
            ["metric"] = true,
        };
        ChatMessage[] messages =
        [
            new(ChatRole.User, "Weather in Paris and the time?"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", arguments), new FunctionCallContent("call_2", "get_time")]),
            new(ChatRole.Tool,
            [
                new FunctionResultContent("call_1", JsonDocument.Parse("""{"temp":21,"sky":"clear"}""").RootElement.Clone()),
                new FunctionResultContent("call_2", "12:00"),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("call_3", null) { Exception = new InvalidOperationException("clock broken") }]),
        ];

        var sent = RequestJson(messages).GetProperty("messages").EnumerateArray().ToList();

        Assert.Equal(5, sent.Count);
        var assistant = sent[1];
        Assert.Equal("assistant", assistant.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, assistant.GetProperty("content").ValueKind);
        var calls = assistant.GetProperty("tool_calls").EnumerateArray().ToList();
        Assert.Equal("call_1", calls[0].GetProperty("id").GetString());
        Assert.Equal("function", calls[0].GetProperty("type").GetString());
        Assert.Equal("get_weather", calls[0].GetProperty("function").GetProperty("name").GetString());
        var sentArguments = calls[0].GetProperty("function").GetProperty("arguments").GetString()!;
        Assert.Equal("""{"city":"Paris","days":3,"metric":true}""", sentArguments);
        Assert.Equal("{}", calls[1].GetProperty("function").GetProperty("arguments").GetString());

        Assert.Equal(("tool", "call_1", """{"temp":21,"sky":"clear"}"""), ToolMessage(sent[2]));
        Assert.Equal(("tool", "call_2", "12:00"), ToolMessage(sent[3]));
        Assert.Equal(("tool", "call_3", "Error: clock broken"), ToolMessage(sent[4]));
    }

    [Fact]
    public void Parsed_arguments_are_sent_back_exactly()
    {
        var call = OpenAIFunctionArguments.CreateCall("call_9", "f", """{"q":"a \"quoted\" é","n":[1,2.5,{"x":null}]}"""u8.ToArray());
        ChatMessage[] messages = [new(ChatRole.Assistant, [call])];

        var sent = RequestJson(messages).GetProperty("messages")[0].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString();

        var arguments = JsonDocument.Parse(sent!).RootElement;
        Assert.Equal("a \"quoted\" é", arguments.GetProperty("q").GetString());
        Assert.Equal("""[1,2.5,{"x":null}]""", arguments.GetProperty("n").GetRawText());
    }

    [Theory]
    [InlineData(null, "reasoning_content")]
    [InlineData("reasoning_content", "reasoning_content")]
    [InlineData("reasoning", "reasoning")]
    public void Reasoning_goes_back_to_compatible_servers_under_the_field_it_came_in(string? marker, string field)
    {
        var thinking = new TextReasoningContent("First, the city.");
        if (marker is not null)
        {
            thinking.AdditionalProperties = new() { [OpenAIPropertyNames.ReasoningField] = marker };
        }

        ChatMessage[] messages =
        [
            new(ChatRole.User, "Weather?"),
            new(ChatRole.Assistant, [thinking, new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny")]),
        ];

        var assistant = RequestJson(messages).GetProperty("messages")[1];
        var platform = RequestJson(messages, openAIPlatform: true).GetProperty("messages")[1];

        Assert.Equal("First, the city.", assistant.GetProperty(field).GetString());
        Assert.False(platform.TryGetProperty("reasoning_content", out _));
        Assert.False(platform.TryGetProperty("reasoning", out _));
    }

    [Fact]
    public void Streamed_reasoning_is_sent_back_after_aggregation()
    {
        var sse = Sse(
        [
            Delta("""{"role":"assistant","reasoning_content":"Need "}"""),
            Delta("""{"reasoning_content":"weather."}"""),
            Delta("""{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]}"""),
            Finish("tool_calls"),
        ]);
        var turn = ParseChat(sse).Updates.ToChatResponse();
        List<ChatMessage> messages = [new(ChatRole.User, "Weather?"), .. turn.Messages, new(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny")])];

        var assistant = RequestJson(messages).GetProperty("messages")[1];

        Assert.Equal("Need weather.", assistant.GetProperty("reasoning_content").GetString());
        Assert.Equal("""{"city":"Paris"}""", assistant.GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString());
    }

    [Fact]
    public void Protected_reasoning_data_has_no_chat_completions_field_and_is_not_sent()
    {
        // Chat Completions has no opaque reasoning field (unlike Anthropic signatures or Responses encrypted_content).
        ChatMessage[] messages = [new(ChatRole.Assistant, [new TextReasoningContent(string.Empty) { ProtectedData = "opaque-blob" }, new TextContent("Hi")])];

        var sent = RequestJson(messages).GetProperty("messages")[0];

        Assert.DoesNotContain("opaque-blob", sent.GetRawText());
        Assert.Equal("Hi", sent.GetProperty("content").GetString());
    }

    [Fact]
    public void A_refusal_goes_back_as_the_refusal_field()
    {
        ChatMessage[] messages = [new(ChatRole.Assistant, [new ErrorContent("I can't.") { ErrorCode = OpenAIPropertyNames.RefusalErrorCode }])];

        var sent = RequestJson(messages).GetProperty("messages")[0];

        Assert.Equal("I can't.", sent.GetProperty("refusal").GetString());
        Assert.Equal(JsonValueKind.Null, sent.GetProperty("content").ValueKind);
    }

    [Fact]
    public void Additional_properties_are_top_level_fields_and_override_ours()
    {
        var options = new ChatOptions
        {
            MaxOutputTokens = 100,
            Temperature = 0.1f,
            AdditionalProperties = new()
            {
                ["max_tokens"] = 50,
                ["temperature"] = 0.7,
                ["user"] = "user-123",
                ["metadata"] = new Dictionary<string, object?> { ["run"] = "a" },
                ["logit_bias"] = JsonDocument.Parse("""{"50256":-100}""").RootElement.Clone(),
                ["stream"] = true,
            },
        };

        var body = RequestJson(UserSays("x"), options);

        Assert.Equal(50, body.GetProperty("max_tokens").GetInt32());
        Assert.False(body.TryGetProperty("max_completion_tokens", out _));
        Assert.Equal(0.7, body.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal("user-123", body.GetProperty("user").GetString());
        Assert.Equal("a", body.GetProperty("metadata").GetProperty("run").GetString());
        Assert.Equal(-100, body.GetProperty("logit_bias").GetProperty("50256").GetInt32());
        Assert.False(body.TryGetProperty("stream", out _));
        Assert.Single(body.EnumerateObject(), p => p.Name == "temperature");
    }

    [Fact]
    public async Task Request_through_http_carries_the_key_only_when_there_is_one()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = JsonHandler(200, Fixture.Bytes("openai/chat_response_text.json"));

        using (var withKey = Client(server))
        {
            await withKey.GetResponseAsync(UserSays("x"), cancellationToken: Token);
        }

        Assert.Equal($"Bearer {ApiKey}", server.LastRequest.Headers["Authorization"]);

        using (var withoutKey = Client(server, apiKey: null))
        {
            await withoutKey.GetResponseAsync(UserSays("x"), cancellationToken: Token);
        }

        Assert.False(server.LastRequest.Headers.ContainsKey("Authorization"));
        Assert.Equal("/v1/chat/completions", server.LastRequest.PathAndQuery);
    }

    [Fact]
    public async Task Non_ascii_text_and_base64_are_sent_unescaped()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = JsonHandler(200, Fixture.Bytes("openai/chat_response_text.json"));
        using var client = Client(server);
        ChatMessage[] messages = [new(ChatRole.User, [new TextContent("東京の天気は?"), new DataContent(new byte[] { 0xFB, 0xEF }, "image/png")])];

        await client.GetResponseAsync(messages, cancellationToken: Token);

        var text = server.LastRequest.BodyText;
        Assert.Contains("東京の天気は?", text);
        Assert.Contains("data:image/png;base64,++8=", text);
    }

    private static (string?, string?, string?) ToolMessage(JsonElement message) =>
        (message.GetProperty("role").GetString(), message.GetProperty("tool_call_id").GetString(), message.GetProperty("content").GetString());
}
