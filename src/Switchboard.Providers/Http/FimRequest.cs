using Microsoft.Extensions.AI;
using Switchboard.Completion;
using Switchboard.Errors;

namespace Switchboard.Providers.Http;

/// <summary>
/// A fill-in-the-middle request read from its <see cref="IChatClient"/> form (see <see cref="FillInTheMiddle"/>), shared
/// by every FIM transport so each reads the convention the same way and refuses the same bad input.
/// </summary>
internal sealed record FimRequest(
    string Prompt,
    string? Suffix,
    bool Raw,
    int CandidateCount,
    bool LogProbabilities,
    int? MaxTokens,
    float? Temperature,
    float? TopP,
    IList<string>? Stop,
    long? Seed)
{
    /// <exception cref="ProviderException">The request breaks the convention (<see cref="ProviderErrorKind.InvalidRequest"/>).</exception>
    public static FimRequest From(IEnumerable<ChatMessage> messages, ChatOptions? options, string provider)
    {
        ArgumentNullException.ThrowIfNull(messages);
        try
        {
            var prompt = FillInTheMiddle.GetPrompt(messages);
            var suffix = FillInTheMiddle.GetSuffix(options);
            var raw = FillInTheMiddle.IsRaw(options);
            if (raw && suffix is not null)
            {
                throw new ArgumentException($"A raw fill-in-the-middle prompt is already templated; '{FillInTheMiddle.Suffix}' must not be set as well.");
            }

            if (options?.Tools is { Count: > 0 })
            {
                throw new ArgumentException("A fill-in-the-middle request cannot carry tools.");
            }

            return new FimRequest(
                prompt,
                suffix,
                raw,
                FillInTheMiddle.GetCandidateCount(options),
                FillInTheMiddle.WantsLogProbabilities(options),
                options?.MaxOutputTokens,
                options?.Temperature,
                options?.TopP,
                options?.StopSequences is { Count: > 0 } stop ? stop : null,
                options?.Seed);
        }
        catch (ArgumentException ex)
        {
            throw new ProviderException(ProviderErrorKind.InvalidRequest, provider, ex.Message, innerException: ex);
        }
    }

    /// <summary>The mean of token log-probabilities, or null when there are none.</summary>
    public static double? Mean(IReadOnlyList<double> logProbabilities)
    {
        if (logProbabilities.Count == 0)
        {
            return null;
        }

        var sum = 0.0;
        foreach (var value in logProbabilities)
        {
            sum += value;
        }

        return sum / logProbabilities.Count;
    }
}
