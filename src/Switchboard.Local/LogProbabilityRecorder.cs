using LLama.Native;
using LLama.Sampling;

namespace Switchboard.Local;

/// <summary>
/// A sampling pipeline that samples with <see cref="DefaultSamplingPipeline"/> and records the log-probability of
/// each chosen token under the model's own distribution (log-softmax of the raw logits, before temperature), which is
/// what the OpenAI-style <c>token_logprobs</c> report and what completion ranking compares across candidates.
/// </summary>
internal sealed class LogProbabilityRecorder(DefaultSamplingPipeline inner) : ISamplingPipeline
{
    private readonly List<double> _logProbabilities = [];

    /// <summary>One value per sampled token, in order.</summary>
    public IReadOnlyList<double> LogProbabilities => _logProbabilities;

    public LLamaToken Sample(SafeLLamaContextHandle ctx, int index)
    {
        // Read the distribution before sampling: the log-sum-exp is over the untouched logits.
        var logits = ctx.GetLogitsIth(index);
        var max = float.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = Math.Max(max, logit);
        }

        var sum = 0.0;
        foreach (var logit in logits)
        {
            sum += Math.Exp(logit - max);
        }

        var token = inner.Sample(ctx, index);
        var chosen = (int)token;
        if (chosen >= 0 && chosen < logits.Length)
        {
            _logProbabilities.Add(logits[chosen] - max - Math.Log(sum));
        }

        return token;
    }

    public void Apply(SafeLLamaContextHandle ctx, LLamaTokenDataArray data) => inner.Apply(ctx, data);

    public void Accept(LLamaToken token) => inner.Accept(token);

    public void Reset()
    {
        inner.Reset();
        _logProbabilities.Clear();
    }

    public void Dispose() => inner.Dispose();
}
