using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers;
using Switchboard.Providers.Anthropic;
using Switchboard.Providers.Gemini;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.OpenAI;
using Xunit;

namespace Switchboard.Tools.Tests;

/// <summary>
/// An MCP tool that fails (a result with <c>isError</c>, from the real test server) reaches the model as the server's
/// words, marked as a failure the way each provider's API marks one.
/// </summary>
public sealed class McpToolErrorTests
{
    private const string ServerText = "Note \"shopping.md\" does not exist.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static McpServerSettings TestServer => new()
    {
        Command = "dotnet",
        Arguments = [Path.Combine(AppContext.BaseDirectory, "Switchboard.McpTestServer.dll")],
    };

    [Fact]
    public async Task An_error_result_fails_the_call_with_the_servers_text()
    {
        await using var source = await McpToolSource.StartAsync("notes", TestServer, Ct);
        var readNote = source.Tools.Single(t => t.Name == "read_note");

        var ex = await Assert.ThrowsAsync<McpToolException>(() => readNote.InvokeAsync(new AIFunctionArguments { ["name"] = "shopping.md" }, Ct).AsTask());

        Assert.Equal(ServerText, ex.Message);
        Assert.Equal("notes", ex.Server);
        Assert.Equal("read_note", ex.ToolName);
    }

    [Fact]
    public async Task Every_provider_request_carries_the_error_as_text_marked_as_a_failure()
    {
        await using var source = await McpToolSource.StartAsync("notes", TestServer, Ct);
        var model = new ScriptedChatClient(
            _ => ScriptedChatClient.Calls(new FunctionCallContent("call_note_1", "read_note", new Dictionary<string, object?> { ["name"] = "shopping.md" })),
            _ => ScriptedChatClient.Text("There is no such note."));
        using var invoker = new FunctionInvokingChatClient(model) { IncludeDetailedErrors = true };

        await invoker.GetResponseAsync([new ChatMessage(ChatRole.User, "Read my shopping list.")], new ChatOptions { Tools = [.. source.Tools] }, Ct);

        var history = model.Requests[1];
        var result = ScriptedChatClient.ResultFor(history, "call_note_1");
        Assert.IsType<McpToolException>(result.Exception);
        var text = Assert.IsType<string>(result.Result);
        Assert.Contains(ServerText, text, StringComparison.Ordinal);
        Assert.DoesNotContain("isError", text, StringComparison.Ordinal);

        var openAI = await SendAsync(OpenAIProviderDescriptor.Instance, Http(out var openAIRequests), "openai", "gpt-test", history, openAIRequests);
        var toolMessage = openAI.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal("call_note_1", toolMessage.GetProperty("tool_call_id").GetString());
        AssertErrorText(toolMessage.GetProperty("content").GetString());

        var anthropic = await SendAsync(AnthropicProviderDescriptor.Instance, Http(out var anthropicRequests), "anthropic", "claude-test", history, anthropicRequests);
        var toolResult = anthropic.GetProperty("messages").EnumerateArray()
            .SelectMany(m => m.GetProperty("content").ValueKind == JsonValueKind.Array ? m.GetProperty("content").EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Single(b => b.GetProperty("type").GetString() == "tool_result");
        Assert.Equal("call_note_1", toolResult.GetProperty("tool_use_id").GetString());
        Assert.True(toolResult.GetProperty("is_error").GetBoolean());
        AssertErrorText(toolResult.GetProperty("content").GetString());

        var gemini = await SendAsync(GeminiProviderDescriptor.Instance, Http(out var geminiRequests), "gemini", "gemini-test", history, geminiRequests);
        var functionResponse = gemini.GetProperty("contents").EnumerateArray()
            .SelectMany(c => c.GetProperty("parts").EnumerateArray())
            .Single(p => p.TryGetProperty("functionResponse", out _)).GetProperty("functionResponse");
        Assert.Equal("read_note", functionResponse.GetProperty("name").GetString());
        Assert.False(functionResponse.GetProperty("response").TryGetProperty("output", out _));
        AssertErrorText(functionResponse.GetProperty("response").GetProperty("error").GetString());

        var ollama = await SendAsync(OllamaProviderDescriptor.Instance, Http(out var ollamaRequests), "ollama", "llama-test", history, ollamaRequests);
        var ollamaTool = ollama.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal("read_note", ollamaTool.GetProperty("tool_name").GetString());
        AssertErrorText(ollamaTool.GetProperty("content").GetString());
    }

    /// <summary>The server's words, as words: no JSON of the MCP result, no escaped quotes.</summary>
    private static void AssertErrorText(string? text)
    {
        Assert.NotNull(text);
        Assert.Contains(ServerText, text, StringComparison.Ordinal);
        Assert.StartsWith("Error:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("isError", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0022", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"content\"", text, StringComparison.Ordinal);
    }

    private static HttpClient Http(out RecordingHandler handler)
    {
        handler = new RecordingHandler();
        return new HttpClient(handler);
    }

    /// <summary>The JSON body the provider's client sends for <paramref name="history"/>.</summary>
    private static async Task<JsonElement> SendAsync(ProviderDescriptor descriptor, HttpClient http, string provider, string model, IReadOnlyList<ChatMessage> history, RecordingHandler handler)
    {
        using var client = descriptor.CreateChatClient(new ProviderClientContext
        {
            ProviderName = provider,
            Model = model,
            Settings = new ProviderSettings { ApiKey = "test-key", BaseUrl = "http://provider.test/" + (provider == "openai" ? "v1" : "") },
            HttpClient = http,
        });
        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync(history, cancellationToken: Ct));
        using var body = JsonDocument.Parse(Assert.Single(handler.Bodies));
        return body.RootElement.Clone();
    }
}
