using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Tokens;

namespace Switchboard.Context.Tokens;

/// <summary>
/// Counts whole chat requests for one model family: message contents with the family's framing, tool calls and
/// results as the provider sends them, tool definitions, and images through a caller-supplied estimate.
/// </summary>
/// <remarks>
/// A message is tokenized once: its count is kept beside it (a <see cref="ConditionalWeakTable{TKey,TValue}"/> owned
/// by this counter), so measuring a long conversation again each turn costs a lookup per message. Messages are
/// treated as immutable once counted; a message whose content list grew or was replaced is counted again.
/// With a <see cref="CalibratedTokenCounter"/>, the uncalibrated counts are kept and the current ratio applied on
/// each read, so a new calibration reaches the cached history at once.
/// </remarks>
public sealed class ChatTokenCounter
{
    /// <summary>An image the estimate hook has no figure for: the most any provider charges for one (Anthropic's ~1,600).</summary>
    public const long DefaultImageTokens = 1_600;

    private readonly ConditionalWeakTable<ChatMessage, CachedCount> _cache = [];
    private readonly ITokenCounter _rawCounter;
    private readonly CalibratedTokenCounter? _calibrated;
    private readonly Func<AIContent, long?>? _mediaEstimator;
    private readonly JsonSerializerOptions _jsonOptions;

    /// <param name="textCounter">Counts text for the model family (exact, scaled or calibrated).</param>
    /// <param name="framing">Tokens around messages; <see cref="MessageFraming.Estimated"/> when null.</param>
    /// <param name="toolRule">What tool definitions cost; <see cref="ToolTokenRule.JsonSchema"/> when null.</param>
    /// <param name="mediaEstimator">
    /// Tokens of an image or file content for this provider (for example from its image token formula), or null
    /// when it has no figure; then an image counts <see cref="DefaultImageTokens"/>.
    /// </param>
    /// <param name="jsonOptions">Serializes tool arguments and results; <see cref="AIJsonUtilities.DefaultOptions"/> when null.</param>
    public ChatTokenCounter(
        ITokenCounter textCounter,
        MessageFraming? framing = null,
        ToolTokenRule? toolRule = null,
        Func<AIContent, long?>? mediaEstimator = null,
        JsonSerializerOptions? jsonOptions = null)
    {
        ArgumentNullException.ThrowIfNull(textCounter);
        TextCounter = textCounter;
        _calibrated = textCounter as CalibratedTokenCounter;
        _rawCounter = _calibrated?.Estimator ?? textCounter;
        Framing = framing ?? MessageFraming.Estimated;
        ToolRule = toolRule ?? ToolTokenRule.JsonSchema;
        _mediaEstimator = mediaEstimator;
        _jsonOptions = jsonOptions ?? AIJsonUtilities.DefaultOptions;
    }

    /// <summary>Counts text for the model family.</summary>
    public ITokenCounter TextCounter { get; }

    /// <summary>Tokens around messages.</summary>
    public MessageFraming Framing { get; }

    /// <summary>What tool definitions cost.</summary>
    public ToolTokenRule ToolRule { get; }

    /// <summary>Whether text counts are the tokenizer's own (images and framing of other families are always estimates).</summary>
    public bool IsExact => TextCounter.IsExact;

    /// <summary>Tokens of <paramref name="message"/>, framing included (cached).</summary>
    public MessageTokens CountMessage(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var cached = Cached(message);
        return new MessageTokens(Calibrate(cached.TextTokens) + cached.MediaTokens, cached.MediaTokens);
    }

    /// <summary>Tokens of <paramref name="messages"/> as one request, with the reply priming; no tools.</summary>
    public long CountMessages(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        long total = Framing.ReplyPriming;
        foreach (var message in messages)
        {
            total += CountMessage(message).Total;
        }

        return total;
    }

    /// <summary>Tokens of a whole request: messages, <see cref="ChatOptions.Instructions"/> and tool definitions.</summary>
    public long CountRequest(IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        CountMessages(messages) + CountOptions(options);

    /// <summary>Tokens the options add to a request: instructions (as a system message) and tool definitions.</summary>
    public long CountOptions(ChatOptions? options) => Calibrate(RawOptionTokens(options));

    /// <summary>Tokens the tool definitions add to a request (0 for none).</summary>
    public long CountTools(IEnumerable<AITool>? tools) => Calibrate(RawToolTokens(tools));

    /// <summary>
    /// The request's count before calibration, split into text (what a calibration ratio applies to) and media
    /// (provider formulas, not scaled): the pair a calibration sample is made of.
    /// </summary>
    internal (long Text, long Media) CountUncalibrated(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        long text = Framing.ReplyPriming + RawOptionTokens(options);
        long media = 0;
        foreach (var message in messages)
        {
            var cached = Cached(message);
            text += cached.TextTokens;
            media += cached.MediaTokens;
        }

        return (text, media);
    }

    private long RawOptionTokens(ChatOptions? options)
    {
        if (options is null)
        {
            return 0;
        }

        var total = RawToolTokens(options.Tools);
        if (!string.IsNullOrEmpty(options.Instructions))
        {
            total += Framing.TokensPerMessage + _rawCounter.CountTokens("system") + _rawCounter.CountTokens(options.Instructions);
        }

        return total;
    }

    private long RawToolTokens(IEnumerable<AITool>? tools)
    {
        if (tools is null)
        {
            return 0;
        }

        long total = 0;
        var any = false;
        foreach (var tool in tools)
        {
            any = true;
            total += ToolRule.FunctionInit + CountTool(tool);
        }

        return any ? total + ToolRule.FunctionEnd : 0;
    }

    /// <summary>Tokens of <paramref name="text"/> with this family's counter (calibrated where it is).</summary>
    public long CountText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Calibrate(_rawCounter.CountTokens(text));
    }

    private CachedCount Cached(ChatMessage message)
    {
        if (!_cache.TryGetValue(message, out var cached) || !cached.Matches(message))
        {
            cached = Measure(message);
            _cache.AddOrUpdate(message, cached);
        }

        return cached;
    }

    private long Calibrate(long rawTokens) =>
        _calibrated is null ? rawTokens : ScaledTokenCounter.Scale(rawTokens, _calibrated.Ratio);

    private CachedCount Measure(ChatMessage message)
    {
        long text = Framing.TokensPerMessage + _rawCounter.CountTokens(message.Role.Value);
        if (!string.IsNullOrEmpty(message.AuthorName))
        {
            text += Framing.TokensPerName + _rawCounter.CountTokens(message.AuthorName);
        }

        long media = 0;
        foreach (var content in message.Contents)
        {
            if (ContentText.Of(content, _jsonOptions) is { } contentText)
            {
                text += _rawCounter.CountTokens(contentText);
            }
            else if (IsMedia(content))
            {
                media += _mediaEstimator?.Invoke(content) ?? DefaultMediaTokens(content);
            }
        }

        return new CachedCount(message.Contents, message.Contents.Count, text, media);
    }

    // An unknown content type (an image reference from the images library, say) is media: it is sent as something
    // other than text, and only the hook knows what it costs.
    private static bool IsMedia(AIContent content) =>
        content is DataContent or UriContent
        || content is not (TextContent or TextReasoningContent or FunctionCallContent or FunctionResultContent or ErrorContent or UsageContent);

    private static long DefaultMediaTokens(AIContent content) => content switch
    {
        DataContent data when !data.HasTopLevelMediaType("image") => (long)Math.Ceiling(data.Data.Length / 4.0),
        UriContent uri when !uri.HasTopLevelMediaType("image") => 0,
        _ => DefaultImageTokens,
    };

    private long CountTool(AITool tool)
    {
        if (tool is not AIFunctionDeclaration function)
        {
            // Hosted tools (web search, code interpreter) are a name to the model.
            return _rawCounter.CountTokens(tool.Name) + _rawCounter.CountTokens(tool.Description ?? "");
        }

        var description = function.Description ?? "";
        if (ToolRule.SchemaAsJson)
        {
            return _rawCounter.CountTokens(function.Name + ":" + description) + _rawCounter.CountTokens(function.JsonSchema.GetRawText());
        }

        long total = _rawCounter.CountTokens(function.Name + ":" + description.TrimEnd('.'));
        if (function.JsonSchema.ValueKind == JsonValueKind.Object
            && function.JsonSchema.TryGetProperty("properties", out var properties)
            && properties.ValueKind == JsonValueKind.Object
            && properties.EnumerateObject().Any())
        {
            total += ToolRule.PropertyInit;
            foreach (var property in properties.EnumerateObject())
            {
                total += ToolRule.PropertyKey + CountProperty(property);
            }
        }

        return total;
    }

    private long CountProperty(JsonProperty property)
    {
        var schema = property.Value;
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return _rawCounter.CountTokens(property.Name);
        }

        long total = 0;
        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            total += ToolRule.EnumInit;
            foreach (var value in values.EnumerateArray())
            {
                total += ToolRule.EnumItem + _rawCounter.CountTokens(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText());
            }
        }

        var type = schema.TryGetProperty("type", out var typeElement)
            ? typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString()! : typeElement.GetRawText()
            : "";
        var description = schema.TryGetProperty("description", out var descriptionElement) && descriptionElement.ValueKind == JsonValueKind.String
            ? descriptionElement.GetString()!.TrimEnd('.')
            : "";
        total += _rawCounter.CountTokens($"{property.Name}:{type}:{description}");

        // The cookbook's rule covers flat parameters; nested objects and arrays are counted as their schema text.
        foreach (var nested in new[] { "properties", "items" })
        {
            if (schema.TryGetProperty(nested, out var inner))
            {
                total += _rawCounter.CountTokens(inner.GetRawText());
            }
        }

        return total;
    }

    /// <summary>A message's count and the content list it was taken from.</summary>
    private sealed record CachedCount(IList<AIContent> Contents, int ContentCount, long TextTokens, long MediaTokens)
    {
        public bool Matches(ChatMessage message) =>
            ReferenceEquals(message.Contents, Contents) && message.Contents.Count == ContentCount;
    }
}
