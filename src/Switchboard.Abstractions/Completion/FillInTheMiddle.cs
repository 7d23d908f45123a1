using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Completion;

/// <summary>
/// The convention by which a code-completion (fill-in-the-middle, FIM) call travels as an ordinary
/// <see cref="IChatClient"/> call, so that every completion passes through the same ledger, routes, cache and budgets
/// as chat.
/// <para><b>Request.</b> <c>messages</c> is exactly one user message whose text is the raw prompt: either the code
/// before the cursor (the prefix), or, with <see cref="Raw"/> set, a prompt already templated for the model's FIM
/// tokens. The code after the cursor travels in <see cref="ChatOptions.AdditionalProperties"/> under
/// <see cref="Suffix"/>; the number of candidates wanted under <see cref="CandidateCount"/>; a request for token
/// log-probabilities under <see cref="LogProbabilities"/>. <c>MaxOutputTokens</c>, <c>Temperature</c>, <c>TopP</c>,
/// <c>StopSequences</c> and <c>Seed</c> keep their usual meaning.</para>
/// <para><b>Response.</b> <see cref="ChatResponse.Messages"/> holds one assistant message per candidate, in the
/// transport's order, each holding exactly the text to insert. When the transport returned token log-probabilities,
/// the message's <see cref="ChatMessage.AdditionalProperties"/> holds their mean under
/// <see cref="MeanLogProbability"/>. Usage is reported as for chat.</para>
/// <para><b>Fewer candidates than asked.</b> A transport whose API samples one completion per call (Ollama, Mistral)
/// returns one message; the caller asks again, at another temperature, for more. Each call is then its own ledger
/// row, which is what it costs.</para>
/// <para>Values are read tolerantly (<see cref="JsonElement"/> included), because a caching layer may have sent the
/// options through JSON.</para>
/// </summary>
public static class FillInTheMiddle
{
    /// <summary>The code after the cursor (<see cref="string"/>). Absent or empty: plain continuation of the prompt.</summary>
    public const string Suffix = "switchboard.fim.suffix";

    /// <summary>How many candidates to sample in this call (<see cref="int"/>, at least 1; default 1).</summary>
    public const string CandidateCount = "switchboard.fim.candidate_count";

    /// <summary>
    /// <see langword="true"/> when the prompt is already templated with the model's FIM tokens: the transport sends
    /// it unchanged, applies no template of its own, and a <see cref="Suffix"/> must not be given.
    /// </summary>
    public const string Raw = "switchboard.fim.raw";

    /// <summary><see langword="true"/> to ask for token log-probabilities where the API offers them.</summary>
    public const string LogProbabilities = "switchboard.fim.logprobs";

    /// <summary>On a response message: the mean log-probability of its tokens (<see cref="double"/>, at most 0).</summary>
    public const string MeanLogProbability = "switchboard.fim.mean_logprob";

    /// <summary>Reads <see cref="Suffix"/>; null when absent or empty.</summary>
    public static string? GetSuffix(ChatOptions? options) =>
        TryGet(options?.AdditionalProperties, Suffix, out var value) ? AsString(value) is { Length: > 0 } text ? text : null : null;

    /// <summary>Reads <see cref="CandidateCount"/>; 1 when absent.</summary>
    /// <exception cref="ArgumentException">The value is not a whole number of at least 1.</exception>
    public static int GetCandidateCount(ChatOptions? options)
    {
        if (!TryGet(options?.AdditionalProperties, CandidateCount, out var value))
        {
            return 1;
        }

        var count = AsInt(value);
        return count is >= 1 ? count.Value : throw new ArgumentException($"'{CandidateCount}' must be a whole number of at least 1; it is '{value}'.", nameof(options));
    }

    /// <summary>Reads <see cref="Raw"/>; false when absent.</summary>
    public static bool IsRaw(ChatOptions? options) => TryGet(options?.AdditionalProperties, Raw, out var value) && AsBool(value);

    /// <summary>Reads <see cref="LogProbabilities"/>; false when absent.</summary>
    public static bool WantsLogProbabilities(ChatOptions? options) =>
        TryGet(options?.AdditionalProperties, LogProbabilities, out var value) && AsBool(value);

    /// <summary>Reads <see cref="MeanLogProbability"/> from a candidate message.</summary>
    public static double? GetMeanLogProbability(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TryGet(message.AdditionalProperties, MeanLogProbability, out var value) ? AsDouble(value) : null;
    }

    /// <summary>Builds a candidate message, with its mean log-probability when known.</summary>
    public static ChatMessage CreateCandidate(string text, double? meanLogProbability)
    {
        ArgumentNullException.ThrowIfNull(text);
        var message = new ChatMessage(ChatRole.Assistant, text);
        if (meanLogProbability is { } mean && double.IsFinite(mean))
        {
            message.AdditionalProperties = new() { [MeanLogProbability] = mean };
        }

        return message;
    }

    /// <summary>The prompt of a FIM request: the text of its single user message.</summary>
    /// <exception cref="ArgumentException">The messages are not exactly one user message with text.</exception>
    public static string GetPrompt(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var enumerator = messages.GetEnumerator();
        if (!enumerator.MoveNext() || enumerator.Current is not { } first || first.Role != ChatRole.User)
        {
            throw new ArgumentException("A fill-in-the-middle request is exactly one user message holding the prompt.", nameof(messages));
        }

        if (enumerator.MoveNext())
        {
            throw new ArgumentException("A fill-in-the-middle request is exactly one user message holding the prompt; it has several messages.", nameof(messages));
        }

        return first.Text;
    }

    private static bool TryGet(AdditionalPropertiesDictionary? properties, string key, out object? value)
    {
        value = null;
        return properties is not null && properties.TryGetValue(key, out value) && value is not null;
    }

    private static string? AsString(object? value) => value switch
    {
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
        _ => null,
    };

    private static int? AsInt(object? value) => value switch
    {
        int number => number,
        long number and >= int.MinValue and <= int.MaxValue => (int)number,
        JsonElement { ValueKind: JsonValueKind.Number } element when element.TryGetInt32(out var number) => number,
        string text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };

    private static double? AsDouble(object? value) => value switch
    {
        double number => number,
        float number => number,
        JsonElement { ValueKind: JsonValueKind.Number } element => element.GetDouble(),
        _ => null,
    };

    private static bool AsBool(object? value) => value switch
    {
        bool flag => flag,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        _ => false,
    };
}
