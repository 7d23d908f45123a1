using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Ollama.OllamaTestKit;

namespace Switchboard.Providers.Tests.Ollama;

/// <summary>
/// The request body the emulator receives, field by field against Ollama's API reference
/// (docs/api.md "Generate a chat completion", docs/openapi.yaml ChatRequest, docs/capabilities/*.mdx).
/// </summary>
public sealed class OllamaRequestTests
{
    private static readonly byte[] PngBytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    private static async Task<RecordedRequest> SendAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, string? apiKey = null)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(SimpleResponse);
        using var client = Client(server, apiKey);
        var response = await client.GetResponseAsync(messages, options, Ct);
        Assert.Equal("ok", response.Text);
        return server.LastRequest;
    }

    private static string[] Names(JsonElement obj) => obj.EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public async Task A_minimal_request_has_model_messages_and_an_explicit_stream_false()
    {
        var request = await SendAsync(Hello());

        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/chat", request.PathAndQuery);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("application/json", request.Headers["Accept"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));

        var json = request.Json;
        Assert.Equal(["model", "messages", "stream"], Names(json));
        Assert.Equal(Model, json.GetProperty("model").GetString());
        Assert.False(json.GetProperty("stream").GetBoolean());
        var message = Assert.Single(json.GetProperty("messages").EnumerateArray().ToList());
        Assert.Equal(["role", "content"], Names(message));
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.Equal("Count to five.", message.GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_streaming_request_says_stream_true_and_accepts_ndjson()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Ndjson(SimpleResponse + "\n");
        using var client = Client(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("ok", Text(updates));
        Assert.True(server.LastRequest.Json.GetProperty("stream").GetBoolean());
        Assert.Equal("application/x-ndjson", server.LastRequest.Headers["Accept"]);
    }

    [Fact]
    public async Task An_api_key_is_sent_as_a_bearer_token_only_in_the_header()
    {
        // https://docs.ollama.com/api/authentication: "Use the API key in the Authorization: Bearer header."
        const string key = "ollama-key-123";
        var request = await SendAsync(Hello(), apiKey: key);

        Assert.Equal($"Bearer {key}", request.Headers["Authorization"]);
        Assert.DoesNotContain(key, request.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain(key, request.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task System_instructions_and_a_multi_turn_conversation_keep_their_order_and_roles()
    {
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, "You are terse."),
            new(ChatRole.User, [new TextContent("why is the sky "), new TextContent("blue?")]),
            new(ChatRole.Assistant, "due to rayleigh scattering."),
            new(ChatRole.User, "how is that different than mie scattering?"),
        };

        var request = await SendAsync(messages, new ChatOptions { Instructions = "Answer in English." });

        var sent = request.Json.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "system", "user", "assistant", "user"], sent.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(
            ["Answer in English.", "You are terse.", "why is the sky blue?", "due to rayleigh scattering.", "how is that different than mie scattering?"],
            sent.Select(m => m.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task Images_are_sent_as_raw_base64_without_a_data_prefix()
    {
        var base64 = Convert.ToBase64String(PngBytes);
        var messages = new List<ChatMessage>
        {
            new(ChatRole.User,
            [
                new TextContent("what is in these images?"),
                new DataContent(PngBytes, "image/png"),
                new DataContent($"data:image/png;base64,{base64}"),
                new UriContent(new Uri($"data:image/jpeg;base64,{base64}"), "image/jpeg"),
            ]),
        };

        var request = await SendAsync(messages);

        var message = request.Json.GetProperty("messages")[0];
        Assert.Equal("what is in these images?", message.GetProperty("content").GetString());
        var images = message.GetProperty("images").EnumerateArray().Select(i => i.GetString()).ToList();
        Assert.Equal([base64, base64, base64], images);
        Assert.DoesNotContain("data:", request.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_image_attachment_is_rejected()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(SimpleResponse);
        using var client = Client(server);
        var messages = new List<ChatMessage> { new(ChatRole.User, [new DataContent(Encoding.UTF8.GetBytes("%PDF"), "application/pdf")]) };

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(messages, cancellationToken: Ct));

        Assert.Equal(ProviderErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("application/pdf", error.ProviderMessage, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    private static ChatOptions ToolOptions(ChatToolMode? mode) => new()
    {
        ToolMode = mode,
        Tools =
        [
            AIFunctionFactory.Create((string city) => "22°C", "get_temperature", "Get the current temperature for a city"),
            AIFunctionFactory.CreateDeclaration("get_conditions", null, JsonDocument.Parse("""{"type":"object","required":["city"],"properties":{"city":{"type":"string"}}}""").RootElement),
            new HostedWebSearchTool(),
        ],
    };

    [Fact]
    public async Task Tools_are_sent_as_function_definitions_with_their_json_schema()
    {
        var options = ToolOptions(ChatToolMode.Auto);
        var request = await SendAsync(Hello(), options);

        var tools = request.Json.GetProperty("tools").EnumerateArray().ToList();
        Assert.Equal(2, tools.Count);
        Assert.All(tools, t =>
        {
            Assert.Equal(["type", "function"], Names(t));
            Assert.Equal("function", t.GetProperty("type").GetString());
        });

        var temperature = tools[0].GetProperty("function");
        Assert.Equal(["name", "description", "parameters"], Names(temperature));
        Assert.Equal("get_temperature", temperature.GetProperty("name").GetString());
        Assert.Equal("Get the current temperature for a city", temperature.GetProperty("description").GetString());
        var declared = ((AIFunctionDeclaration)options.Tools![0]).JsonSchema;
        Assert.Equal(declared.GetRawText(), temperature.GetProperty("parameters").GetRawText());
        Assert.Equal("string", temperature.GetProperty("parameters").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());

        var conditions = tools[1].GetProperty("function");
        Assert.Equal(["name", "parameters"], Names(conditions));
        Assert.Equal("city", conditions.GetProperty("parameters").GetProperty("required")[0].GetString());

        Assert.False(request.Json.TryGetProperty("tool_choice", out _));
    }

    [Fact]
    public async Task Tool_mode_none_sends_no_tools()
    {
        var request = await SendAsync(Hello(), ToolOptions(ChatToolMode.None));
        Assert.False(request.Json.TryGetProperty("tools", out _));
    }

    [Fact]
    public async Task Tool_mode_null_and_require_any_send_every_function()
    {
        var unset = await SendAsync(Hello(), ToolOptions(null));
        var requireAny = await SendAsync(Hello(), ToolOptions(ChatToolMode.RequireAny));

        Assert.Equal(2, unset.Json.GetProperty("tools").GetArrayLength());
        Assert.Equal(2, requireAny.Json.GetProperty("tools").GetArrayLength());
    }

    [Fact]
    public async Task Requiring_a_specific_function_offers_only_that_function()
    {
        var request = await SendAsync(Hello(), ToolOptions(ChatToolMode.RequireSpecific("get_conditions")));

        var tool = Assert.Single(request.Json.GetProperty("tools").EnumerateArray().ToList());
        Assert.Equal("get_conditions", tool.GetProperty("function").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_tool_call_and_its_results_round_trip_with_tool_name()
    {
        // https://docs.ollama.com/capabilities/tool-calling: the assistant turn carries tool_calls with object
        // arguments; each result is {"role": "tool", "tool_name": ..., "content": ...}.
        var messages = new List<ChatMessage>
        {
            new(ChatRole.User, "What are the conditions in New York and London?"),
            new(ChatRole.Assistant,
            [
                new TextContent("Let me check."),
                new FunctionCallContent("call_1", "get_temperature", new Dictionary<string, object?> { ["city"] = "New York", ["days"] = 2, ["metric"] = true }),
                new FunctionCallContent("call_2", "get_conditions", new Dictionary<string, object?> { ["city"] = JsonDocument.Parse("\"London\"").RootElement }),
            ]),
            new(ChatRole.Tool,
            [
                new FunctionResultContent("call_1", "22°C"),
                new FunctionResultContent("call_2", new Dictionary<string, object?> { ["sky"] = "Rainy", ["wind"] = 12 }),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("call_3", null) { Exception = new InvalidOperationException("service down") }]),
        };

        var request = await SendAsync(messages);

        var sent = request.Json.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "tool", "tool", "tool"], sent.Select(m => m.GetProperty("role").GetString()));

        var assistant = sent[1];
        Assert.Equal("Let me check.", assistant.GetProperty("content").GetString());
        var calls = assistant.GetProperty("tool_calls").EnumerateArray().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal("call_1", calls[0].GetProperty("id").GetString());
        var function = calls[0].GetProperty("function");
        Assert.Equal(0, function.GetProperty("index").GetInt32());
        Assert.Equal("get_temperature", function.GetProperty("name").GetString());
        var arguments = function.GetProperty("arguments");
        Assert.Equal(JsonValueKind.Object, arguments.ValueKind);
        Assert.Equal("New York", arguments.GetProperty("city").GetString());
        Assert.Equal(2, arguments.GetProperty("days").GetInt32());
        Assert.True(arguments.GetProperty("metric").GetBoolean());
        Assert.Equal(1, calls[1].GetProperty("function").GetProperty("index").GetInt32());
        Assert.Equal("London", calls[1].GetProperty("function").GetProperty("arguments").GetProperty("city").GetString());

        Assert.Equal("get_temperature", sent[2].GetProperty("tool_name").GetString());
        Assert.Equal("call_1", sent[2].GetProperty("tool_call_id").GetString());
        Assert.Equal("22°C", sent[2].GetProperty("content").GetString());

        Assert.Equal("get_conditions", sent[3].GetProperty("tool_name").GetString());
        using var result = JsonDocument.Parse(sent[3].GetProperty("content").GetString()!);
        Assert.Equal("Rainy", result.RootElement.GetProperty("sky").GetString());
        Assert.Equal(12, result.RootElement.GetProperty("wind").GetInt32());

        // A result whose call is not in the history has no name to give, and a failure is told to the model in words.
        Assert.False(sent[4].TryGetProperty("tool_name", out _));
        Assert.Equal("Error: service down", sent[4].GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_parsed_tool_call_can_be_sent_back_unchanged()
    {
        // The FunctionCallContent read from the fixture (JsonElement arguments) goes back as the same object.
        var response = OllamaResponseReader.Read(Fixture.Bytes("ollama/chat_response_tool_call.json"), "ollama", "r");
        var call = response.Messages[0].Contents.OfType<FunctionCallContent>().Single();
        var messages = new List<ChatMessage>(Hello());
        messages.AddRange(response.Messages);
        messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "Sunny, 18°C")]));

        var request = await SendAsync(messages);

        var sent = request.Json.GetProperty("messages");
        var assistant = sent[1];
        Assert.Equal("User asks about weather in San Francisco. Use function getWeather.", assistant.GetProperty("thinking").GetString());
        var function = assistant.GetProperty("tool_calls")[0].GetProperty("function");
        Assert.Equal("getWeather", function.GetProperty("name").GetString());
        Assert.Equal("""{"location":"San Francisco, CA"}""", function.GetProperty("arguments").GetRawText());
        Assert.Equal("call_mo1wm122", assistant.GetProperty("tool_calls")[0].GetProperty("id").GetString());
        Assert.Equal("getWeather", sent[2].GetProperty("tool_name").GetString());
    }

    [Fact]
    public async Task Reasoning_is_sent_back_as_thinking_on_the_assistant_turn()
    {
        // https://docs.ollama.com/capabilities/streaming: accumulate thinking and pass it back with the assistant message.
        var messages = new List<ChatMessage>
        {
            new(ChatRole.User, "What is 17 × 23?"),
            new(ChatRole.Assistant, [new TextReasoningContent("17 × 20 = 340, ") { ProtectedData = "opaque-signature" }, new TextReasoningContent("plus 51."), new TextContent("391")]),
            new(ChatRole.User, "And doubled?"),
        };

        var request = await SendAsync(messages);

        var assistant = request.Json.GetProperty("messages")[1];
        Assert.Equal(["role", "content", "thinking"], Names(assistant));
        Assert.Equal("391", assistant.GetProperty("content").GetString());
        Assert.Equal("17 × 20 = 340, plus 51.", assistant.GetProperty("thinking").GetString());

        // Ollama has no signature field; opaque data from another provider is not smuggled into the body.
        Assert.DoesNotContain("opaque-signature", request.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sampling_options_go_in_the_options_object_with_ollama_names()
    {
        var options = new ChatOptions
        {
            ModelId = "llama3.2:3b",
            Temperature = 0.25f,
            MaxOutputTokens = 100,
            TopP = 0.9f,
            TopK = 20,
            StopSequences = ["\n", "user:"],
            Seed = 42,
            FrequencyPenalty = 1.0f,
            PresencePenalty = 1.5f,
            AllowMultipleToolCalls = false,
        };

        var request = await SendAsync(Hello(), options);

        var json = request.Json;
        Assert.Equal("llama3.2:3b", json.GetProperty("model").GetString());
        var sent = json.GetProperty("options");
        Assert.Equal(["temperature", "num_predict", "top_p", "top_k", "stop", "seed", "frequency_penalty", "presence_penalty"], Names(sent));
        Assert.Equal(0.25, sent.GetProperty("temperature").GetDouble(), 6);
        Assert.Equal(100, sent.GetProperty("num_predict").GetInt32());
        Assert.Equal(0.9, sent.GetProperty("top_p").GetDouble(), 6);
        Assert.Equal(20, sent.GetProperty("top_k").GetInt32());
        Assert.Equal(["\n", "user:"], sent.GetProperty("stop").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(42, sent.GetProperty("seed").GetInt64());
        Assert.Equal(1.0, sent.GetProperty("frequency_penalty").GetDouble(), 6);
        Assert.Equal(1.5, sent.GetProperty("presence_penalty").GetDouble(), 6);
        Assert.False(json.TryGetProperty("parallel_tool_calls", out _));
    }

    [Fact]
    public async Task Json_mode_sends_format_json()
    {
        var request = await SendAsync(Hello(), new ChatOptions { ResponseFormat = ChatResponseFormat.Json });
        Assert.Equal("json", request.Json.GetProperty("format").GetString());
    }

    [Fact]
    public async Task A_json_schema_is_sent_as_the_format_object()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"age":{"type":"integer"},"available":{"type":"boolean"}},"required":["age","available"]}""").RootElement;
        var request = await SendAsync(Hello(), new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "person") });

        var format = request.Json.GetProperty("format");
        Assert.Equal(JsonValueKind.Object, format.ValueKind);
        Assert.Equal(schema.GetRawText(), format.GetRawText());
    }

    [Fact]
    public async Task Text_response_format_sends_no_format()
    {
        var request = await SendAsync(Hello(), new ChatOptions { ResponseFormat = ChatResponseFormat.Text });
        Assert.False(request.Json.TryGetProperty("format", out _));
    }

    [Theory]
    [InlineData(ReasoningEffort.None, "false")]
    [InlineData(ReasoningEffort.Low, "\"low\"")]
    [InlineData(ReasoningEffort.Medium, "\"medium\"")]
    [InlineData(ReasoningEffort.High, "\"high\"")]
    [InlineData(ReasoningEffort.ExtraHigh, "\"high\"")]
    public async Task Reasoning_effort_maps_to_think(ReasoningEffort effort, string expected)
    {
        var request = await SendAsync(Hello(), new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort } });
        Assert.Equal(expected, request.Json.GetProperty("think").GetRawText());
    }

    [Fact]
    public async Task Reasoning_output_none_turns_thinking_off_and_no_reasoning_options_send_no_think()
    {
        var off = await SendAsync(Hello(), new ChatOptions { Reasoning = new ReasoningOptions { Output = ReasoningOutput.None } });
        var unset = await SendAsync(Hello(), new ChatOptions());

        Assert.False(off.Json.GetProperty("think").GetBoolean());
        Assert.False(unset.Json.TryGetProperty("think", out _));
    }

    [Fact]
    public async Task Additional_properties_become_top_level_fields_and_options_are_merged()
    {
        var options = new ChatOptions
        {
            Temperature = 0.7f,
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low },
            AdditionalProperties = new()
            {
                ["keep_alive"] = "10m",
                ["think"] = true,
                ["options"] = new Dictionary<string, object?> { ["num_ctx"] = 8192, ["temperature"] = 0.1 },
                ["stream"] = true,
                ["model"] = "ignored",
                ["logprobs"] = JsonDocument.Parse("true").RootElement,
            },
        };

        var request = await SendAsync(Hello(), options);

        var json = request.Json;
        Assert.Equal("10m", json.GetProperty("keep_alive").GetString());
        Assert.True(json.GetProperty("think").GetBoolean());
        Assert.True(json.GetProperty("logprobs").GetBoolean());
        Assert.False(json.GetProperty("stream").GetBoolean());
        Assert.Equal(Model, json.GetProperty("model").GetString());
        Assert.Equal(8192, json.GetProperty("options").GetProperty("num_ctx").GetInt32());
        Assert.Equal(0.1, json.GetProperty("options").GetProperty("temperature").GetDouble(), 6);

        // Every property name appears once, or the server would see an ambiguous body.
        var names = Names(json);
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.Equal(1, Names(json.GetProperty("options")).Count(n => n == "temperature"));
    }

    [Fact]
    public async Task Options_given_as_a_json_element_are_merged_too()
    {
        var options = new ChatOptions
        {
            AdditionalProperties = new() { ["options"] = JsonDocument.Parse("""{"num_ctx":4096,"repeat_penalty":1.1}""").RootElement },
        };

        var request = await SendAsync(Hello(), options);

        var sent = request.Json.GetProperty("options");
        Assert.Equal(4096, sent.GetProperty("num_ctx").GetInt32());
        Assert.Equal(1.1, sent.GetProperty("repeat_penalty").GetDouble(), 6);
    }

    [Fact]
    public async Task An_ollama_host_without_scheme_and_with_the_any_address_reaches_the_local_server()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(SimpleResponse);
        using var client = new OllamaChatClient(Model, new() { BaseUrl = $"0.0.0.0:{server.BaseAddress.Port}" });

        var response = await client.GetResponseAsync(Hello(), cancellationToken: Ct);

        Assert.Equal("ok", response.Text);
        Assert.Equal("/api/chat", server.LastRequest.PathAndQuery);
    }

    [Fact]
    public async Task A_base_url_with_a_path_prefix_keeps_it()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(SimpleResponse);
        using var client = new OllamaChatClient(Model, new() { BaseUrl = new Uri(server.BaseAddress, "/proxy/ollama/").ToString() });

        await client.GetResponseAsync(Hello(), cancellationToken: Ct);

        Assert.Equal("/proxy/ollama/api/chat", server.LastRequest.PathAndQuery);
    }
}
