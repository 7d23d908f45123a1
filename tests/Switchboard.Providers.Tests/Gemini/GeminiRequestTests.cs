using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Gemini;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Gemini.GeminiTestKit;

namespace Switchboard.Providers.Tests.Gemini;

/// <summary>
/// What the client sends, read back from the emulator and compared field by field with the request body of
/// https://ai.google.dev/api/generate-content#request-body and the Content/Part/Tool objects it references.
/// </summary>
public sealed class GeminiRequestTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync();
        AnswerJson(_server, OkResponse);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SystemInstructionsTurnsAndGenerationConfig()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.System, "Be brief."),
            User("Hi"),
            new(ChatRole.Assistant, "Hello!"),
            User("Name a color."),
            new(ChatRole.System, "Answer in French."),
        ];
        var options = new ChatOptions
        {
            Instructions = "You are Switchboard.",
            ModelId = "gemini-2.5-pro",
            Temperature = 0.5f,
            TopP = 0.25f,
            TopK = 40,
            MaxOutputTokens = 256,
            StopSequences = ["END"],
            Seed = 7,
            PresencePenalty = 0.5f,
            FrequencyPenalty = 0.75f,
        };

        var json = await SendAsync(messages, options);

        Assert.Equal("/v1beta/models/gemini-2.5-pro:generateContent", _server.LastRequest.PathAndQuery);
        AssertJson("""{"parts":[{"text":"You are Switchboard."},{"text":"Be brief."},{"text":"Answer in French."}]}""", json.GetProperty("systemInstruction"));
        AssertJson(
            """
            [
              {"role":"user","parts":[{"text":"Hi"}]},
              {"role":"model","parts":[{"text":"Hello!"}]},
              {"role":"user","parts":[{"text":"Name a color."}]}
            ]
            """,
            json.GetProperty("contents"));
        AssertJson(
            """{"temperature":0.5,"topP":0.25,"topK":40,"maxOutputTokens":256,"stopSequences":["END"],"seed":7,"presencePenalty":0.5,"frequencyPenalty":0.75}""",
            json.GetProperty("generationConfig"));
        Assert.False(json.TryGetProperty("tools", out _));
        Assert.False(json.TryGetProperty("toolConfig", out _));
    }

    [Fact]
    public async Task ConsecutiveUserMessagesShareOneContent()
    {
        var json = await SendAsync([User("first"), User("second")]);

        AssertJson("""[{"role":"user","parts":[{"text":"first"},{"text":"second"}]}]""", json.GetProperty("contents"));
        Assert.False(json.TryGetProperty("generationConfig", out _));
        Assert.False(json.TryGetProperty("systemInstruction", out _));
    }

    [Fact]
    public async Task ImagesAsInlineDataAndFileData()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0xFB, 0xEF, 0xBE, 1, 2, 3];
        var message = new ChatMessage(ChatRole.User,
        [
            new TextContent("What is in these?"),
            new DataContent(png, "image/png"),
            new DataContent("data:image/jpeg;base64,/9j/4AAQ", "image/jpeg"),
            new UriContent("https://example.com/cat.webp", "image/webp"),
        ]);

        var json = await SendAsync([message]);

        Assert.DoesNotContain("\\u002B", _server.LastRequest.BodyText, StringComparison.Ordinal);
        AssertJson(
            $$$"""
            [{"role":"user","parts":[
              {"text":"What is in these?"},
              {"inlineData":{"mimeType":"image/png","data":"{{{Convert.ToBase64String(png)}}}"}},
              {"inlineData":{"mimeType":"image/jpeg","data":"/9j/4AAQ"}},
              {"fileData":{"mimeType":"image/webp","fileUri":"https://example.com/cat.webp"}}
            ]}]
            """,
            json.GetProperty("contents"));
    }

    public static TheoryData<string, string?> ToolModes() => new()
    {
        { "unset", null },
        { "auto", """{"functionCallingConfig":{"mode":"AUTO"}}""" },
        { "none", """{"functionCallingConfig":{"mode":"NONE"}}""" },
        { "any", """{"functionCallingConfig":{"mode":"ANY"}}""" },
        { "specific", """{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}}""" },
    };

    [Theory]
    [MemberData(nameof(ToolModes))]
    public async Task ToolsAndEachToolMode(string mode, string? expectedToolConfig)
    {
        var options = new ChatOptions
        {
            Tools = [WeatherTool(), AIFunctionFactory.CreateDeclaration("get_time", "Current time.", JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement)],
            ToolMode = mode switch
            {
                "auto" => ChatToolMode.Auto,
                "none" => ChatToolMode.None,
                "any" => ChatToolMode.RequireAny,
                "specific" => ChatToolMode.RequireSpecific("get_weather"),
                _ => null,
            },
        };

        var json = await SendAsync([User("Weather?")], options);

        AssertJson(
            """
            [{"functionDeclarations":[
              {"name":"get_weather","description":"Weather for a city.","parameters":{
                "type":"object",
                "properties":{
                  "city":{"type":"string","description":"City name"},
                  "unit":{"type":"string","enum":["c","f"],"nullable":true}
                },
                "required":["city"]}},
              {"name":"get_time","description":"Current time."}
            ]}]
            """,
            json.GetProperty("tools"));
        if (expectedToolConfig is null)
        {
            Assert.False(json.TryGetProperty("toolConfig", out _));
        }
        else
        {
            AssertJson(expectedToolConfig, json.GetProperty("toolConfig"));
        }
    }

    [Fact]
    public async Task ToolCallsAndResultsRoundTrip()
    {
        ChatMessage[] messages =
        [
            User("Weather, time and alerts for Paris?"),
            new(ChatRole.Assistant,
            [
                new FunctionCallContent("gemini-call-00ab-1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris", ["days"] = 2 })
                {
                    AdditionalProperties = new() { [GeminiChatClient.ThoughtSignatureKey] = "c2lnLTE=" },
                },
                new FunctionCallContent("fc-server-2", "get_time", new Dictionary<string, object?> { ["tz"] = JsonDocument.Parse("\"Europe/Paris\"").RootElement }),
                new FunctionCallContent("gemini-call-00ab-3", "get_alerts", null),
            ]),
            new(ChatRole.Tool,
            [
                new FunctionResultContent("gemini-call-00ab-1", "18°C and sunny"),
                new FunctionResultContent("fc-server-2", JsonDocument.Parse("""{"time":"12:00"}""").RootElement),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("gemini-call-00ab-3", "Error: Function failed.") { Exception = new InvalidOperationException("boom") }]),
            User("Thanks. And tomorrow?"),
        ];

        var json = await SendAsync(messages);

        AssertJson(
            """
            [
              {"role":"user","parts":[{"text":"Weather, time and alerts for Paris?"}]},
              {"role":"model","parts":[
                {"functionCall":{"name":"get_weather","args":{"city":"Paris","days":2}},"thoughtSignature":"c2lnLTE="},
                {"functionCall":{"id":"fc-server-2","name":"get_time","args":{"tz":"Europe/Paris"}}},
                {"functionCall":{"name":"get_alerts","args":{}}}
              ]},
              {"role":"user","parts":[
                {"functionResponse":{"name":"get_weather","response":{"output":"18°C and sunny"}}},
                {"functionResponse":{"id":"fc-server-2","name":"get_time","response":{"time":"12:00"}}},
                {"functionResponse":{"name":"get_alerts","response":{"error":"Error: Function failed."}}}
              ]},
              {"role":"user","parts":[{"text":"Thanks. And tomorrow?"}]}
            ]
            """,
            json.GetProperty("contents"));
    }

    [Fact]
    public async Task CallsFromAnotherModelGetTheDocumentedSkipSignatureOnTheFirstCallOnly()
    {
        ChatMessage[] messages =
        [
            User("q"),
            new(ChatRole.Assistant,
            [
                new FunctionCallContent("call_openai_1", "a", new Dictionary<string, object?>()),
                new FunctionCallContent("call_openai_2", "b", new Dictionary<string, object?>()),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("call_openai_1", 1), new FunctionResultContent("call_openai_2", true)]),
        ];

        var json = await SendAsync(messages);

        var model = json.GetProperty("contents")[1].GetProperty("parts");
        Assert.Equal(GeminiRequestWriter.SkipThoughtSignatureValidator, model[0].GetProperty("thoughtSignature").GetString());
        Assert.False(model[1].TryGetProperty("thoughtSignature", out _));
        var results = json.GetProperty("contents")[2].GetProperty("parts");
        AssertJson("""{"output":1}""", results[0].GetProperty("functionResponse").GetProperty("response"));
        AssertJson("""{"output":true}""", results[1].GetProperty("functionResponse").GetProperty("response"));
    }

    [Fact]
    public async Task ReasoningAndSignaturesGoBackOnTheirParts()
    {
        var assistant = new ChatMessage(ChatRole.Assistant,
        [
            new TextReasoningContent("Thinking it over.") { ProtectedData = "c2lnLXRob3VnaHQ=" },
            new TextContent("The answer."),
            new TextReasoningContent(null) { ProtectedData = "c2lnLXRleHQ=" },
            new TextReasoningContent(string.Empty),
            new TextContent(string.Empty),
            new TextReasoningContent("Unsigned summary."),
        ]);
        var user = new ChatMessage(ChatRole.User, [new TextReasoningContent("not a user thing"), new TextContent("Why?")]);

        var json = await SendAsync([User("Q"), assistant, user]);

        AssertJson(
            """
            [
              {"role":"user","parts":[{"text":"Q"}]},
              {"role":"model","parts":[
                {"text":"Thinking it over.","thought":true,"thoughtSignature":"c2lnLXRob3VnaHQ="},
                {"text":"The answer.","thoughtSignature":"c2lnLXRleHQ="},
                {"text":"Unsigned summary.","thought":true}
              ]},
              {"role":"user","parts":[{"text":"Why?"}]}
            ]
            """,
            json.GetProperty("contents"));
    }

    [Fact]
    public async Task AStreamedThinkingAnswerReplaysWithItsSignatureExactly()
    {
        AnswerSse(_server, Sse(GeminiStreamTests.ThinkingChunks));
        var client = CreateClient(_server);
        List<ChatMessage> history = [User("2+2?")];
        history.AddMessages(await client.GetStreamingResponseAsync(history, cancellationToken: TestContext.Current.CancellationToken)
            .ToChatResponseAsync(TestContext.Current.CancellationToken));
        history.Add(User("And 3+3?"));

        AnswerJson(_server, OkResponse);
        await client.GetResponseAsync(history, cancellationToken: TestContext.Current.CancellationToken);

        AssertJson(
            """
            {"role":"model","parts":[
              {"text":"**Adding** I should add the numbers.","thought":true},
              {"text":"2 + 2 = 4.","thoughtSignature":"c2lnLXRleHQtMQ=="}
            ]}
            """,
            _server.LastRequest.Json.GetProperty("contents")[1]);
    }

    [Fact]
    public async Task AStreamedToolTurnReplaysWithoutMadeUpIdsAndWithItsSignature()
    {
        AnswerSse(_server, Sse(GeminiStreamTests.ParallelCallsChunk));
        var client = CreateClient(_server);
        List<ChatMessage> history = [User("Weather and time?")];
        var response = await client.GetStreamingResponseAsync(history, cancellationToken: TestContext.Current.CancellationToken)
            .ToChatResponseAsync(TestContext.Current.CancellationToken);
        history.AddMessages(response);
        history.Add(new ChatMessage(ChatRole.Tool, [.. response.Messages[0].Contents.OfType<FunctionCallContent>().Select(c => new FunctionResultContent(c.CallId, $"{c.Name} done"))]));

        AnswerJson(_server, OkResponse);
        await client.GetResponseAsync(history, cancellationToken: TestContext.Current.CancellationToken);

        AssertJson(
            """
            [
              {"role":"user","parts":[{"text":"Weather and time?"}]},
              {"role":"model","parts":[
                {"functionCall":{"name":"get_weather","args":{"city":"Paris","units":{"temp":"C"}}},"thoughtSignature":"c2lnLWZjLTE="},
                {"functionCall":{"name":"get_time","args":{"tz":"Europe/Paris"}}}
              ]},
              {"role":"user","parts":[
                {"functionResponse":{"name":"get_weather","response":{"output":"get_weather done"}}},
                {"functionResponse":{"name":"get_time","response":{"output":"get_time done"}}}
              ]}
            ]
            """,
            _server.LastRequest.Json.GetProperty("contents"));
    }

    [Fact]
    public async Task AResultWithoutItsCallIsRejectedBeforeSending()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => CreateClient(_server).GetResponseAsync(
            [User("q"), new ChatMessage(ChatRole.Tool, [new FunctionResultContent("orphan", "x")])],
            cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("orphan", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task JsonResponseFormatWithAdaptedSchema()
    {
        var schema = JsonDocument.Parse("""{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"name":{"type":"string"},"age":{"type":["integer","null"]}},"required":["name"],"additionalProperties":false}""").RootElement;

        var json = await SendAsync([User("Who?")], new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "person") });

        AssertJson(
            """{"responseMimeType":"application/json","responseSchema":{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer","nullable":true}},"required":["name"]}}""",
            json.GetProperty("generationConfig"));

        json = await SendAsync([User("Who?")], new ChatOptions { ResponseFormat = ChatResponseFormat.Json });
        AssertJson("""{"responseMimeType":"application/json"}""", json.GetProperty("generationConfig"));
    }

    [Theory]
    [InlineData(ReasoningEffort.Low, ReasoningOutput.Full, """{"includeThoughts":true,"thinkingLevel":"low"}""")]
    [InlineData(ReasoningEffort.High, ReasoningOutput.Summary, """{"includeThoughts":true,"thinkingLevel":"high"}""")]
    [InlineData(ReasoningEffort.None, ReasoningOutput.None, """{"includeThoughts":false,"thinkingBudget":0}""")]
    public async Task ReasoningOptionsBecomeThinkingConfig(ReasoningEffort effort, ReasoningOutput output, string expected)
    {
        var json = await SendAsync([User("q")], new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort, Output = output } });

        AssertJson(expected, json.GetProperty("generationConfig").GetProperty("thinkingConfig"));
    }

    [Fact]
    public async Task AdditionalPropertiesGoTopLevelOrIntoGenerationConfigAndWin()
    {
        var options = new ChatOptions
        {
            Temperature = 0.5f,
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low },
            AdditionalProperties = new()
            {
                ["thinkingConfig"] = JsonDocument.Parse("""{"thinkingBudget":1024,"includeThoughts":true}""").RootElement,
                ["temperature"] = 0.25,
                ["safetySettings"] = JsonDocument.Parse("""[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}]""").RootElement,
                ["cachedContent"] = "cachedContents/abc123",
            },
        };

        var json = await SendAsync([User("q")], options);

        AssertJson("""{"temperature":0.25,"thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}}""", json.GetProperty("generationConfig"));
        AssertJson("""[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}]""", json.GetProperty("safetySettings"));
        Assert.Equal("cachedContents/abc123", json.GetProperty("cachedContent").GetString());
        Assert.Single(Regex.Matches(_server.LastRequest.BodyText, "\"temperature\""));
    }

    [Theory]
    [InlineData("", "gemini-2.5-flash", "/v1beta/models/gemini-2.5-flash:generateContent")]
    [InlineData("v1beta", "gemini-2.5-flash", "/v1beta/models/gemini-2.5-flash:generateContent")]
    [InlineData("gateway/google", "gemini-2.5-flash", "/gateway/google/v1beta/models/gemini-2.5-flash:generateContent")]
    [InlineData("", "models/gemini-2.5-flash", "/v1beta/models/gemini-2.5-flash:generateContent")]
    [InlineData("", "tunedModels/my-model-42", "/v1beta/tunedModels/my-model-42:generateContent")]
    public async Task BaseUrlAndModelNamesMakeTheDocumentedPath(string basePath, string model, string expectedPath)
    {
        var client = new GeminiChatClient(model, new ProviderSettings { ApiKey = ApiKey, BaseUrl = new Uri(_server.BaseAddress, basePath).ToString() });

        await client.GetResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(expectedPath, _server.LastRequest.PathAndQuery);
    }

    [Fact]
    public void MetadataNamesProviderEndpointAndModel()
    {
        var client = new GeminiChatClient("gemini-2.5-flash", new ProviderSettings { ApiKey = ApiKey }, providerName: "google");

        var metadata = Assert.IsType<ChatClientMetadata>(client.GetService(typeof(ChatClientMetadata)));
        Assert.Equal("google", metadata.ProviderName);
        Assert.Equal(GeminiProviderDescriptor.Instance.DefaultBaseUrl, metadata.ProviderUri);
        Assert.Equal("gemini-2.5-flash", metadata.DefaultModelId);
        Assert.Same(client, client.GetService(typeof(GeminiChatClient)));
        Assert.Null(client.GetService(typeof(ChatClientMetadata), "key"));
    }

    private async Task<JsonElement> SendAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null)
    {
        await CreateClient(_server).GetResponseAsync(messages, options, TestContext.Current.CancellationToken);
        return _server.LastRequest.Json;
    }

    internal static AIFunctionDeclaration WeatherTool() => AIFunctionFactory.CreateDeclaration(
        "get_weather",
        "Weather for a city.",
        JsonDocument.Parse(
            """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "properties":{"city":{"type":"string","description":"City name"},"unit":{"type":["string","null"],"enum":["c","f",null]}},
             "required":["city"],"additionalProperties":false}
            """).RootElement);

    internal static void AssertJson(string expected, JsonElement actual)
    {
        using var expectedDocument = JsonDocument.Parse(expected);
        Assert.True(JsonElement.DeepEquals(expectedDocument.RootElement, actual), $"Expected {expectedDocument.RootElement}\nActual   {actual}");
    }
}
