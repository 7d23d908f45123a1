using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers;
using Switchboard.Catalog;

namespace Switchboard.Images;

/// <summary>
/// Makes every image in a request fit the provider it is sent to, just before it is sent: an
/// <see cref="ImageReferenceContent"/> is read and prepared, an image <see cref="DataContent"/> is resized and
/// re-encoded when it does not fit, and an image URL the provider cannot fetch itself is downloaded and inlined.
/// A model the catalog marks as blind is refused before anything is read or sent.
/// </summary>
/// <remarks>
/// The caller's messages and contents are never changed: messages with images are copied with new content lists.
/// Preparation is cached per image and per <see cref="ImageLimits"/> (an <see cref="ImageReference"/> keeps its
/// prepared images; a <see cref="DataContent"/> or <see cref="UriContent"/> instance is remembered weakly), so a
/// conversation resent on every turn prepares each of its images once. A failure surfaces as an
/// <see cref="ImagePreparationException"/> naming the file or URL.
/// </remarks>
public sealed class ImagePreparingChatClient : DelegatingChatClient
{
    /// <summary>The default <see cref="MaxDownloadBytes"/>: 50 MB, past the largest image any provider takes inline.</summary>
    public const long DefaultMaxDownloadBytes = 50L * 1024 * 1024;

    /// <summary>
    /// Shared by every instance: the prepared bytes depend only on the data and the limits, and the table holds no
    /// resource of its own (keys are held weakly, values die with them).
    /// </summary>
    private static readonly ConditionalWeakTable<DataContent, ImageReference> DataReferences = new();

    // Per instance: the reference captures this client's HttpClient and download limit.
    private readonly ConditionalWeakTable<UriContent, UriReference> _uriReferences = new();
    private readonly ModelInfo? _model;
    private readonly HttpClient? _httpClient;

    /// <param name="innerClient">The provider client (or the pipeline in front of it).</param>
    /// <param name="images">What the provider accepts: its limits, and which URLs it fetches itself.</param>
    /// <param name="model">The catalog entry of the model; when its vision capability is <c>false</c>, requests with images are refused.</param>
    /// <param name="httpClient">Downloads image URLs the provider cannot fetch (Ollama, Gemini); a shared client when null.</param>
    public ImagePreparingChatClient(IChatClient innerClient, ProviderImageSupport images, ModelInfo? model = null, HttpClient? httpClient = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(images);
        Images = images;
        Limits = images.Limits;
        Protocol = Limits.Protocol;
        _model = model;
        _httpClient = httpClient;
    }

    /// <summary>What the provider accepts for images.</summary>
    public ProviderImageSupport Images { get; }

    /// <summary>The protocol the images are prepared for.</summary>
    public string Protocol { get; }

    /// <summary>The limits images are prepared to.</summary>
    public ImageLimits Limits { get; }

    /// <summary>The most bytes read when downloading an image URL to inline it.</summary>
    public long MaxDownloadBytes
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = DefaultMaxDownloadBytes;

    /// <summary>
    /// Whether plain <c>http</c> URLs on a loopback address (<c>localhost</c>, <c>127.0.0.1</c>, <c>::1</c>) may be
    /// downloaded, for tests and local image servers. Off by default: only <c>https</c> URLs are downloaded, so a
    /// request cannot make us fetch from plain-text or local endpoints.
    /// </summary>
    public bool AllowInsecureLoopbackDownloads { get; set; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prepared = await PrepareAsync(messages, cancellationToken).ConfigureAwait(false);
        return await base.GetResponseAsync(prepared, options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prepared = await PrepareAsync(messages, cancellationToken).ConfigureAwait(false);
        await foreach (var update in base.GetStreamingResponseAsync(prepared, options, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    /// <summary>The messages as they will be sent: the same instances where nothing changes, copies where an image does.</summary>
    private async Task<IEnumerable<ChatMessage>> PrepareAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        if (!list.Any(m => m.Contents.Any(IsImage)))
        {
            return list;
        }

        // Before anything is read: a blind model gets nothing, not even a download on its behalf.
        if (_model?.Capabilities.Vision == false)
        {
            throw new ProviderException(ProviderErrorKind.InvalidRequest, Protocol,
                $"{_model.Id} cannot read images; remove the image from the conversation or choose a model with vision.");
        }

        var pending = new List<(int Message, Task<AIContent>[] Contents)>();
        for (var i = 0; i < list.Count; i++)
        {
            var contents = list[i].Contents;
            if (contents.Any(NeedsWork))
            {
                pending.Add((i, [.. contents.Select(c => NeedsWork(c) ? ReplaceAsync(c, cancellationToken) : Task.FromResult(c))]));
            }
        }

        if (pending.Count == 0)
        {
            // Only URLs the provider fetches itself.
            return list;
        }

        // Every image of the request at once: each is a download or CPU work on the thread pool. The first failure
        // is the one reported.
        await Task.WhenAll(pending.SelectMany(p => p.Contents)).ConfigureAwait(false);

        var result = list.ToArray();
        foreach (var (index, contents) in pending)
        {
            var copy = result[index].Clone();
            copy.Contents = [.. contents.Select(t => t.Result)];
            result[index] = copy;
        }

        return result;
    }

    internal static bool IsImage(AIContent content) => content switch
    {
        ImageReferenceContent => true,
        DataContent data => data.HasTopLevelMediaType("image"),
        UriContent uri => uri.HasTopLevelMediaType("image"),
        _ => false,
    };

    private bool NeedsWork(AIContent content) => content switch
    {
        ImageReferenceContent => true,
        DataContent data => data.HasTopLevelMediaType("image"),
        UriContent uri => uri.HasTopLevelMediaType("image") && !CanPassThrough(uri.Uri),
        _ => false,
    };

    /// <summary>Whether the provider fetches this URL itself (its descriptor says); a local file URL is always read here.</summary>
    private bool CanPassThrough(Uri uri) => !uri.IsFile && Images.FetchesUrl(uri);

    private async Task<AIContent> ReplaceAsync(AIContent content, CancellationToken cancellationToken)
    {
        switch (content)
        {
            case ImageReferenceContent reference:
            {
                var prepared = await reference.Reference.GetPreparedAsync(Limits, cancellationToken).ConfigureAwait(false);
                return WithPropertiesOf(prepared.ToDataContent(reference.Name), reference);
            }

            case DataContent data:
            {
                var image = DataReferences.GetValue(data, static d => new ImageReference(d.Data, d.Name ?? $"inline {d.MediaType} image"));
                var prepared = await image.GetPreparedAsync(Limits, cancellationToken).ConfigureAwait(false);

                // Untouched bytes: the caller's content goes as it is, without a copy.
                return prepared.WasReencoded ? WithPropertiesOf(prepared.ToDataContent(data.Name), data) : data;
            }

            case UriContent uri:
            {
                var prepared = await ReferenceFor(uri).GetPreparedAsync(Limits, cancellationToken).ConfigureAwait(false);
                return WithPropertiesOf(prepared.ToDataContent(ImageReferenceContent.FileNameOf(uri.Uri.IsFile ? uri.Uri.LocalPath : uri.Uri.AbsolutePath)), uri);
            }

            default:
                return content;
        }
    }

    private ImageReference ReferenceFor(UriContent content)
    {
        var uri = content.Uri;

        // UriContent.Uri is settable: a remembered reference only counts while it is for the same URL.
        if (_uriReferences.TryGetValue(content, out var known) && known.Uri == uri)
        {
            return known.Reference;
        }

        if (!uri.IsFile)
        {
            EnsureDownloadable(uri);
        }

        var reference = uri.IsFile
            ? new ImageReference(uri)
            : new ImageReference(uri, _httpClient, MaxDownloadBytes, allowNoClient: true);
        _uriReferences.AddOrUpdate(content, new UriReference(uri, reference));
        return reference;
    }

    private void EnsureDownloadable(Uri uri)
    {
        if (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && AllowInsecureLoopbackDownloads && uri.IsLoopback))
        {
            return;
        }

        throw new ImagePreparationException(uri.ToString(), ImagePreparationFailure.Unreadable,
            $"{Protocol} cannot fetch image URLs, so it would have to be downloaded and inlined, and only https URLs are downloaded (this one is '{uri.Scheme}').");
    }

    private static DataContent WithPropertiesOf(DataContent prepared, AIContent source)
    {
        // The detail hint (OpenAI), cache breakpoints (Anthropic) and the like travel with the image.
        if (source.AdditionalProperties is { Count: > 0 } properties)
        {
            prepared.AdditionalProperties = new AdditionalPropertiesDictionary(properties);
        }

        return prepared;
    }

    private sealed record UriReference(Uri Uri, ImageReference Reference);
}
