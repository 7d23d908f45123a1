using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Providers;

namespace Switchboard.Tokens;

/// <summary>
/// Estimates the input tokens of a whole request as a provider would bill it: instructions, every message's text,
/// reasoning, tool calls and results, images, and the tool definitions. Used before the provider reports usage (budget
/// reservations, rate-limit queues) and for streams cut before their usage arrived.
/// </summary>
public sealed class RequestTokenEstimator
{
    /// <summary>Tokens of role and framing per message (OpenAI documents 3 to 4; other protocols are in that range).</summary>
    private const int PerMessageOverhead = 4;

    /// <summary>Priming tokens of the reply (OpenAI's documented 3).</summary>
    private const int ReplyPriming = 3;

    private readonly ITokenCounter _counter;
    private readonly ProviderImageSupport? _images;
    private readonly Func<AIContent, long?>? _contentTokens;

    /// <param name="counter">Counts text for the model's tokenizer family.</param>
    /// <param name="images">The protocol's image pricing; images count as the most an image can cost when their size is unknown.</param>
    /// <param name="contentTokens">
    /// Counts content this estimator cannot size on its own (an image reference whose prepared size is known); returns
    /// null to fall back to the built-in rules.
    /// </param>
    public RequestTokenEstimator(ITokenCounter counter, ProviderImageSupport? images = null, Func<AIContent, long?>? contentTokens = null)
    {
        ArgumentNullException.ThrowIfNull(counter);
        _counter = counter;
        _images = images;
        _contentTokens = contentTokens;
    }

    /// <summary>The counter text is measured with.</summary>
    public ITokenCounter Counter => _counter;

    /// <summary>Estimated input tokens of a request.</summary>
    public long EstimateInput(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        long total = ReplyPriming;
        if (options?.Instructions is { Length: > 0 } instructions)
        {
            total += PerMessageOverhead + _counter.CountTokens(instructions);
        }

        foreach (var message in messages)
        {
            total += EstimateMessage(message);
        }

        if (options?.Tools is { Count: > 0 } tools)
        {
            foreach (var tool in tools)
            {
                total += _counter.CountTokens(tool.Name) + _counter.CountTokens(tool.Description ?? "");
                if (tool is AIFunctionDeclaration function)
                {
                    total += _counter.CountTokens(function.JsonSchema.GetRawText());
                }
            }
        }

        return total;
    }

    /// <summary>Estimated tokens of one message, framing included.</summary>
    public long EstimateMessage(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        long total = PerMessageOverhead;
        foreach (var content in message.Contents)
        {
            total += EstimateContent(content);
        }

        return total;
    }

    /// <summary>Estimated tokens of one piece of content.</summary>
    public long EstimateContent(AIContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (_contentTokens?.Invoke(content) is { } custom)
        {
            return custom;
        }

        return content switch
        {
            TextContent text => _counter.CountTokens(text.Text),
            TextReasoningContent reasoning => _counter.CountTokens(reasoning.Text),
            FunctionCallContent call => _counter.CountTokens(call.Name) + _counter.CountTokens(Serialize(call.Arguments)),
            FunctionResultContent result => _counter.CountTokens(result.Result as string ?? Serialize(result.Result)),
            DataContent data when data.HasTopLevelMediaType("image") => ImageTokens,
            UriContent uri when uri.HasTopLevelMediaType("image") => ImageTokens,

            // Documents and audio: providers bill them by their own rules; their base64 size is a safe ceiling.
            DataContent data => (data.Data.Length + 2) / 3,
            _ => 0,
        };
    }

    private long ImageTokens => _images?.MaxTokensPerImage ?? 1_000;

    private static string Serialize(object? value) =>
        value is null ? "" : JsonSerializer.Serialize(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
}
