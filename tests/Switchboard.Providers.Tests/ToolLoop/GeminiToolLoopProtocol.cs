using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Gemini;
using Switchboard.Providers.Tests.Infrastructure;

namespace Switchboard.Providers.Tests.ToolLoop;

/// <summary>
/// <c>streamGenerateContent?alt=sse</c> (https://ai.google.dev/gemini-api/docs/function-calling): parallel calls are
/// several whole <c>functionCall</c> parts (name and args object, no id) in one candidate, the first carrying a
/// <c>thoughtSignature</c> that must come back on it. Results come back as one user content holding one
/// <c>functionResponse</c> part per call, named after the function, with <c>output</c> or <c>error</c> in <c>response</c>.
/// </summary>
internal sealed class GeminiToolLoopProtocol : ToolLoopProtocol
{
    private const string Model = "gemini-2.5-flash";
    private const string SignaturePrefix = "c2lnbmF0dXJl";

    public override bool HasCallIds => false;

    public override bool HasErrorFlag => true;

    public override string ContentType => "text/event-stream";

    public override string ExpectedPath => $"/v1beta/models/{Model}:streamGenerateContent?alt=sse";

    public override IChatClient CreateClient(EmulatorServer server) =>
        new GeminiChatClient(Model, new ProviderSettings { BaseUrl = server.BaseAddress.ToString(), ApiKey = "AIzaTEST-toolloop" });

    public override string ToolCallTurn(int turn, IReadOnlyList<ScriptedCall> calls)
    {
        var parts = calls.Select((call, i) =>
            $$$"""{"functionCall":{"name":{{{Str(call.Name)}}},"args":{{{call.ArgumentsJson}}}}{{{(i == 0 ? $",\"thoughtSignature\":\"{SignaturePrefix}{turn}\"" : string.Empty)}}}}""");
        return Chunk(turn, string.Join(',', parts), finished: true);
    }

    public override string TextTurn(int turn, string text)
    {
        var words = Words(text).ToList();
        var sse = new StringBuilder();
        for (var i = 0; i < words.Count; i++)
        {
            sse.Append(Chunk(turn, $$$"""{"text":{{{Str(words[i])}}}}""", finished: i == words.Count - 1));
        }

        return sse.ToString();
    }

    public override (int Status, string Body) Rejection(string message) =>
        (400, $$$"""{"error":{"code":400,"message":{{{Str(message)}}},"status":"INVALID_ARGUMENT"}}""");

    public override IReadOnlyList<WireToolResult> ReadToolResults(JsonElement request)
    {
        var contents = RequireArray(request, "contents", "request").EnumerateArray().ToList();
        List<string>? calledNames = null;
        IReadOnlyList<WireToolResult> results = [];
        for (var i = 0; i < contents.Count; i++)
        {
            var where = $"contents[{i}]";
            var role = RequireString(contents[i], "role", where);
            var parts = RequireArray(contents[i], "parts", where).EnumerateArray().ToList();
            var responses = parts.Where(p => p.TryGetProperty("functionResponse", out _)).ToList();
            if (calledNames is not null)
            {
                if (role != "user" || responses.Count != calledNames.Count)
                {
                    throw new WireFormatException(
                        $"{where}: Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn ({calledNames.Count} calls, {responses.Count} responses).");
                }

                results = ReadResponses(responses, calledNames, where);
                calledNames = null;
                continue;
            }

            if (responses.Count > 0)
            {
                throw new WireFormatException($"{where}: a function response turn must come immediately after a function call turn.");
            }

            results = [];
            var calls = parts.Where(p => p.TryGetProperty("functionCall", out _)).ToList();
            if (role == "model" && calls.Count > 0)
            {
                // Gemini 3 rejects a function call turn whose first call lost its signature.
                if (!calls[0].TryGetProperty("thoughtSignature", out var signature) || signature.GetString()?.StartsWith(SignaturePrefix, StringComparison.Ordinal) != true)
                {
                    throw new WireFormatException($"{where}: Function call is missing a thought_signature in functionCall parts.");
                }

                calledNames = [.. calls.Select(c => RequireString(RequireObject(c, "functionCall", where), "name", where))];
            }
        }

        if (calledNames is not null)
        {
            throw new WireFormatException("The contents end with a function call turn and no function responses.");
        }

        return results;
    }

    private static List<WireToolResult> ReadResponses(List<JsonElement> parts, List<string> calledNames, string where)
    {
        var results = new List<WireToolResult>();
        foreach (var part in parts)
        {
            var functionResponse = RequireObject(part, "functionResponse", where);
            var name = RequireString(functionResponse, "name", where);
            if (!calledNames.Remove(name))
            {
                throw new WireFormatException($"{where}: a function response names '{name}', which the function call turn did not call.");
            }

            // response must be an object: "output" for the result, "error" for a failure, or the result object itself.
            var response = RequireObject(functionResponse, "response", where);
            var isError = response.TryGetProperty("error", out var error);
            var text = isError ? TextOf(error) : response.TryGetProperty("output", out var output) ? TextOf(output) : response.GetRawText();
            var id = functionResponse.TryGetProperty("id", out var idValue) ? idValue.GetString() : null;
            results.Add(new WireToolResult(id, name, text, isError));
        }

        return results;
    }

    private static string Chunk(int turn, string parts, bool finished) =>
        "data: "
        + $$$"""{"candidates":[{"content":{"parts":[{{{parts}}}],"role":"model"}{{{(finished ? ",\"finishReason\":\"STOP\"" : string.Empty)}}},"index":0}],"usageMetadata":{"promptTokenCount":90,"candidatesTokenCount":12,"totalTokenCount":102},"modelVersion":"{{{Model}}}","responseId":"resp-turn{{{turn}}}"}"""
        + "\r\n\r\n";
}
