using System.Net;
using System.Text;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Ollama;

/// <summary>
/// Turns the lines of one <c>/api/chat</c> NDJSON stream into updates, one per line that carries something.
/// Holds the per-stream state: the response id (Ollama sends none), the reused line buffer object, tool-call
/// numbering for calls without an id, and whether the final <c>done: true</c> line was seen.
/// </summary>
internal sealed class OllamaStreamParser : IProviderStreamParser
{
    private readonly OllamaChunk _chunk = new();
    private readonly string _provider;
    private readonly string _responseId;
    private int _toolCallCount;

    public OllamaStreamParser(string provider, string responseId)
    {
        _provider = provider;
        _responseId = responseId;
    }

    /// <summary>Whether the terminal line (<c>"done": true</c>) arrived.</summary>
    public bool Done { get; private set; }

    /// <inheritdoc />
    public StreamFraming Framing => StreamFraming.NewlineDelimitedJson;

    /// <inheritdoc />
    public string TerminalEvent => "the final line with \"done\": true";

    /// <inheritdoc />
    public bool IsComplete => Done;

    /// <inheritdoc />
    public bool EndedCleanly => Done;

    /// <inheritdoc />
    public ChatResponseUpdate? Parse(string eventType, ReadOnlySpan<byte> data) => ParseLine(data);

    /// <summary>Parses one line; returns null for a line with nothing to report (an empty keep-alive delta).</summary>
    /// <exception cref="ProviderException">The line is an <c>{"error": ...}</c> object.</exception>
    public ChatResponseUpdate? ParseLine(ReadOnlySpan<byte> line)
    {
        var chunk = _chunk;
        OllamaChunkReader.Read(line, chunk);
        if (chunk.Error is { } error)
        {
            throw CreateInBandError(_provider, error, Encoding.UTF8.GetString(line));
        }

        List<AIContent>? contents = null;
        if (!string.IsNullOrEmpty(chunk.Thinking))
        {
            (contents ??= []).Add(new TextReasoningContent(chunk.Thinking));
        }

        if (!string.IsNullOrEmpty(chunk.Content))
        {
            (contents ??= []).Add(new TextContent(chunk.Content));
        }

        // Ollama sends each tool call whole in one line, so it is complete as soon as it is seen.
        foreach (var call in chunk.ToolCalls)
        {
            (contents ??= []).Add(ToFunctionCall(call));
        }

        if (chunk.Done)
        {
            Done = true;
            if (ToUsage(chunk) is { } usage)
            {
                (contents ??= []).Add(new UsageContent(usage));
            }
        }
        else if (contents is null)
        {
            return null;
        }

        var update = new ChatResponseUpdate(ChatRole.Assistant, contents ?? [])
        {
            ResponseId = _responseId,
            MessageId = _responseId,
            ModelId = chunk.Model,
            CreatedAt = chunk.CreatedAt,
        };

        if (chunk.Done)
        {
            update.FinishReason = OllamaFinishReason.Map(chunk.DoneReason, _toolCallCount > 0);
            if (chunk.DoneReason is { } raw)
            {
                update.AdditionalProperties = new() { [SwitchboardProperties.ProviderFinishReason] = raw };
            }
        }

        return update;
    }

    /// <summary>Builds the call content, generating an id (unique within the response) when Ollama sent none.</summary>
    public FunctionCallContent ToFunctionCall(OllamaToolCall call)
    {
        var index = _toolCallCount++;
        return new FunctionCallContent(call.Id ?? $"call_{_responseId}_{index}", call.Name, call.Arguments)
        {
            Exception = call.ArgumentsError,
        };
    }

    /// <summary>Usage from the final line's counts: prompt_eval_count in, eval_count out (thinking tokens included).</summary>
    public static UsageDetails? ToUsage(OllamaChunk chunk)
    {
        if (chunk.PromptEvalCount is null && chunk.EvalCount is null)
        {
            return null;
        }

        // Ollama omits prompt_eval_count when it is zero (a prompt served fully from its cache): that is 0, not unknown.
        var input = chunk.PromptEvalCount ?? 0;
        var output = chunk.EvalCount ?? 0;
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }

    /// <summary>
    /// The error for an <c>{"error": ...}</c> object inside a 200 answer. Ollama keeps the status once the stream
    /// has started (https://docs.ollama.com/api/errors, "Errors that occur while streaming").
    /// </summary>
    public static ProviderException CreateInBandError(string provider, ProviderErrorDetails error, string body)
    {
        var kind = ErrorClassifier.ClassifyStreamError(error.Type, error.Code, error.Message);
        var message = string.IsNullOrWhiteSpace(error.Message) ? "The stream reported an error without a message." : error.Message;
        return new ProviderException(kind, provider, message, HttpStatusCode.OK, error.Type ?? error.Code, body);
    }
}
