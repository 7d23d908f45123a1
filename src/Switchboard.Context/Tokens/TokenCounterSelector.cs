using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Models;
using Switchboard.Tokens;

namespace Switchboard.Context.Tokens;

/// <summary>
/// Picks the token counter for a <c>provider/model</c> from its name family: exact tiktoken for OpenAI models,
/// a close tokenizer scaled and calibrated against reported usage for Claude, Gemini and open models, and any
/// counter registered for a provider (the host registers <c>local</c>, whose GGUF models carry their own tokenizer).
/// </summary>
/// <remarks>
/// One <see cref="ChatTokenCounter"/> per model for the selector's lifetime, so each model's per-message count cache
/// lives across turns. Thread-safe.
/// </remarks>
public sealed class TokenCounterSelector
{
    /// <summary>Claude's tokenizer cuts text finer than cl100k; the prior before calibration errs on the high side.</summary>
    public const double AnthropicPriorFactor = 1.2;

    /// <summary>Gemini's 256K-entry SentencePiece vocabulary is close to o200k's size; a margin for code.</summary>
    public const double GeminiPriorFactor = 1.1;

    /// <summary>Llama 3's vocabulary is cl100k plus 28K tokens; Qwen's and Mistral's are of the same order.</summary>
    public const double OpenWeightsPriorFactor = 1.05;

    /// <summary>Anything else.</summary>
    public const double UnknownPriorFactor = 1.1;

    private readonly ConcurrentDictionary<string, Func<ModelId, ITokenCounter>> _registered = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<ModelId, ChatTokenCounter> _chatCounters = new();
    private readonly TokenCountCalibration? _calibration;
    private readonly Func<ModelId, Func<AIContent, long?>?>? _mediaEstimators;
    private readonly JsonSerializerOptions? _jsonOptions;
    private readonly Func<ModelId, TokenizerFamily>? _familyOfProvider;

    /// <param name="calibration">Learned ratios applied to estimated families; none when null (the priors alone).</param>
    /// <param name="mediaEstimators">
    /// The image (and file) token estimate for a model's provider, for example the images library's per-provider
    /// formula; null or a null result counts an image as <see cref="ChatTokenCounter.DefaultImageTokens"/>.
    /// </param>
    /// <param name="jsonOptions">Serializes tool arguments and results (options that know custom content types).</param>
    /// <param name="familyOfProvider">
    /// The tokenizer family a model's provider declares (its descriptor's <c>TokenizerFamily</c>), for models whose
    /// name does not say; every model is <see cref="TokenizerFamily.Unknown"/> to it when null.
    /// </param>
    public TokenCounterSelector(
        TokenCountCalibration? calibration = null,
        Func<ModelId, Func<AIContent, long?>?>? mediaEstimators = null,
        JsonSerializerOptions? jsonOptions = null,
        Func<ModelId, TokenizerFamily>? familyOfProvider = null)
    {
        _calibration = calibration;
        _mediaEstimators = mediaEstimators;
        _jsonOptions = jsonOptions;
        _familyOfProvider = familyOfProvider;
    }

    /// <summary>
    /// Uses <paramref name="factory"/> for every model of <paramref name="provider"/>; such counters are taken as
    /// they are (not calibrated), so register exact ones.
    /// </summary>
    public void Register(string provider, Func<ModelId, ITokenCounter> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentNullException.ThrowIfNull(factory);
        _registered[provider.Trim()] = factory;
        foreach (var model in _chatCounters.Keys.Where(m => string.Equals(m.Provider, provider.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            _chatCounters.TryRemove(model, out _);
        }
    }

    /// <summary>The family <paramref name="model"/>'s text is counted as.</summary>
    public TokenizerFamily FamilyOf(ModelId model)
    {
        if (_registered.ContainsKey(model.Provider))
        {
            return TokenizerFamily.Registered;
        }

        // The model name decides first: gpt-4o served through any OpenAI-compatible endpoint is still o200k.
        switch (OpenAIModelFamily.EncodingOf(model.Model))
        {
            case TiktokenTokenCounter.O200kBaseName:
                return TokenizerFamily.OpenAIO200k;
            case TiktokenTokenCounter.Cl100kBaseName:
                return TokenizerFamily.OpenAICl100k;
        }

        // Then the model's own family name (a Claude served through OpenRouter is still Claude), then what its
        // provider's descriptor declares.
        var name = model.Model.ToLowerInvariant();
        if (name.Contains("claude", StringComparison.Ordinal))
        {
            return TokenizerFamily.Anthropic;
        }

        if (name.Contains("gemini", StringComparison.Ordinal) || name.Contains("gemma", StringComparison.Ordinal))
        {
            return TokenizerFamily.Gemini;
        }

        return _familyOfProvider?.Invoke(model) is { } declared and not TokenizerFamily.Registered ? declared : TokenizerFamily.Unknown;
    }

    /// <summary>The text counter for <paramref name="model"/>: exact, or an estimate calibrated when a calibration was given.</summary>
    public ITokenCounter GetTextCounter(ModelId model)
    {
        var family = FamilyOf(model);
        return family switch
        {
            TokenizerFamily.OpenAIO200k => TiktokenTokenCounter.O200kBase,
            TokenizerFamily.OpenAICl100k => TiktokenTokenCounter.Cl100kBase,
            TokenizerFamily.Registered => _registered[model.Provider](model),
            _ => Calibrated(model, family switch
            {
                TokenizerFamily.Anthropic => new ScaledTokenCounter(TiktokenTokenCounter.Cl100kBase, AnthropicPriorFactor),
                TokenizerFamily.Gemini => new ScaledTokenCounter(TiktokenTokenCounter.O200kBase, GeminiPriorFactor),
                TokenizerFamily.OpenWeights => new ScaledTokenCounter(TiktokenTokenCounter.Cl100kBase, OpenWeightsPriorFactor),
                _ => new ScaledTokenCounter(TiktokenTokenCounter.Cl100kBase, UnknownPriorFactor),
            }),
        };
    }

    /// <summary>The request counter for <paramref name="model"/> (one instance per model, with its message cache).</summary>
    public ChatTokenCounter GetChatCounter(ModelId model) => _chatCounters.GetOrAdd(model, Create);

    private ITokenCounter Calibrated(ModelId model, ITokenCounter estimate) =>
        _calibration is null ? estimate : new CalibratedTokenCounter(estimate, _calibration, model.ToString());

    private ChatTokenCounter Create(ModelId model)
    {
        var family = FamilyOf(model);
        var text = GetTextCounter(model);
        var (framing, tools) = family switch
        {
            TokenizerFamily.OpenAIO200k => (MessageFraming.OpenAI, ToolTokenRule.OpenAIO200k),
            TokenizerFamily.OpenAICl100k => (MessageFraming.OpenAI, ToolTokenRule.OpenAICl100k),
            _ => (MessageFraming.Estimated, ToolTokenRule.JsonSchema),
        };
        return new ChatTokenCounter(text, framing, tools, _mediaEstimators?.Invoke(model), _jsonOptions);
    }
}
