using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Providers.Anthropic;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Anthropic.AnthropicTestSupport;

namespace Switchboard.Providers.Tests.Anthropic;

/// <summary>Non-streaming responses with every content block type the client maps.</summary>
public sealed class AnthropicResponseReaderTests
{
    private const string ThinkingResponse = """
        {
          "id": "msg_think",
          "type": "message",
          "role": "assistant",
          "model": "claude-sonnet-4-5-20250929",
          "content": [
            {"type": "thinking", "thinking": "The user wants the weather.", "signature": "WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL"},
            {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"},
            {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": "weather"}},
            {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": []},
            {"type": "text", "text": "Let me look that up.", "citations": null},
            {"type": "tool_use", "id": "toolu_X", "name": "get_weather", "input": {"city": "Oslo", "days": 2}},
            {"type": "tool_use", "name": "no_id_tool", "input": {}}
          ],
          "stop_reason": "tool_use",
          "stop_sequence": null,
          "usage": {"input_tokens": 12, "cache_creation_input_tokens": 30, "cache_read_input_tokens": 400, "output_tokens": 99}
        }
        """;

    [Fact]
    public void Thinking_redacted_text_and_tool_calls_are_read_in_order()
    {
        var response = AnthropicResponseReader.Read(Encoding.UTF8.GetBytes(ThinkingResponse), "anthropic", DateTimeOffset.UnixEpoch);

        var contents = Assert.Single(response.Messages).Contents;
        Assert.Equal(5, contents.Count);
        var thinking = Assert.IsType<TextReasoningContent>(contents[0]);
        Assert.Equal("The user wants the weather.", thinking.Text);
        Assert.Equal("WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL", thinking.ProtectedData);
        Assert.Null(thinking.AdditionalProperties);
        var redacted = Assert.IsType<TextReasoningContent>(contents[1]);
        Assert.Equal(string.Empty, redacted.Text);
        Assert.Equal("EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP", redacted.ProtectedData);
        Assert.Equal(true, redacted.AdditionalProperties?[AnthropicContentProperties.RedactedThinking]);
        Assert.Equal("Let me look that up.", Assert.IsType<TextContent>(contents[2]).Text);
        var call = Assert.IsType<FunctionCallContent>(contents[3]);
        Assert.Equal("toolu_X", call.CallId);
        Assert.Equal("Oslo", ((JsonElement)call.Arguments!["city"]!).GetString());
        Assert.Equal(2, ((JsonElement)call.Arguments!["days"]!).GetInt32());
        var generated = Assert.IsType<FunctionCallContent>(contents[4]);
        Assert.Equal("toolu_msg_think_6", generated.CallId);
        Assert.Empty(generated.Arguments!);

        Assert.Equal("Let me look that up.", response.Text);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal("tool_use", response.AdditionalProperties?[SwitchboardProperties.ProviderFinishReason]);
    }

    [Fact]
    public void Usage_counts_cache_reads_and_writes_as_input()
    {
        var response = AnthropicResponseReader.Read(Encoding.UTF8.GetBytes(ThinkingResponse), "anthropic", DateTimeOffset.UnixEpoch);

        var usage = response.Usage!;
        Assert.Equal(442, usage.InputTokenCount);
        Assert.Equal(99, usage.OutputTokenCount);
        Assert.Equal(541, usage.TotalTokenCount);
        Assert.Equal(400, usage.CachedInputTokenCount);
        Assert.Equal(30, usage.AdditionalCounts![SwitchboardProperties.CacheCreationInputTokens]);
    }

    [Fact]
    public void Refusal_without_usage_maps_to_content_filter()
    {
        const string body = """{"id":"msg_r","type":"message","role":"assistant","model":"m","content":[],"stop_reason":"refusal"}""";

        var response = AnthropicResponseReader.Read(Encoding.UTF8.GetBytes(body), "anthropic", DateTimeOffset.UnixEpoch);

        Assert.Empty(response.Messages[0].Contents);
        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Equal("refusal", response.AdditionalProperties?[SwitchboardProperties.ProviderFinishReason]);
        Assert.Null(response.Usage);
    }

    [Fact]
    public async Task Thinking_response_round_trips_through_a_second_request()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeJson(200, ThinkingResponse);
        using var client = CreateClient(server);

        var first = await client.GetResponseAsync(Hello(), cancellationToken: Ct);
        List<ChatMessage> history =
        [
            .. Hello(),
            .. first.Messages,
            new(ChatRole.Tool, [new FunctionResultContent("toolu_X", "cold"), new FunctionResultContent("toolu_msg_think_6", "ok")]),
        ];
        await client.GetResponseAsync(history, cancellationToken: Ct);

        var assistant = server.LastRequest.Json.GetProperty("messages")[1].GetProperty("content");
        Assert.Equal(["thinking", "redacted_thinking", "text", "tool_use", "tool_use"], assistant.EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL", assistant[0].GetProperty("signature").GetString());
        Assert.Equal("The user wants the weather.", assistant[0].GetProperty("thinking").GetString());
        Assert.Equal("EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP", assistant[1].GetProperty("data").GetString());
        Assert.Equal("""{"city":"Oslo","days":2}""", assistant[3].GetProperty("input").GetRawText());
    }
}
