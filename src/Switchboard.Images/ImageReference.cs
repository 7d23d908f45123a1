using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.AI;

namespace Switchboard.Images;

/// <summary>
/// An image attached by file path, URL or bytes, read and prepared only when a request that carries it is sent,
/// and then kept: a conversation resent on every turn prepares each of its images once per set of limits.
/// </summary>
/// <remarks>
/// Thread-safe. Concurrent callers with equal limits share one read and one preparation. A failure (unreadable
/// file, network error, corrupt image) is not cached, so a later call tries again. The source bytes are not kept
/// after preparation; only the prepared image is.
/// </remarks>
public sealed class ImageReference
{
    /// <summary>The most we read from a file or URL (a 8000×8000 BMP is 256 MB; anything larger is not a photo).</summary>
    internal const long MaxSourceBytes = 256L * 1024 * 1024;

    /// <summary>The prefix of <see cref="Source"/> for an image held in memory: its bytes are known only by their hash.</summary>
    internal const string BytesSourcePrefix = "sha256:";

    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    });

    private readonly Func<CancellationToken, Task<ReadOnlyMemory<byte>>> _load;
    private readonly ImagePreparer _preparer;
    private readonly ConcurrentDictionary<ImageLimits, Lazy<Task<PreparedImage>>> _prepared = new();
    private readonly Lazy<string> _source;
    private int _loads;

    /// <summary>An image file, read when first needed.</summary>
    public ImageReference(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Name = path;
        var fullPath = Path.GetFullPath(path);
        _source = new(fullPath);
        _load = ct => ReadFileAsync(path, ct);
        _preparer = new ImagePreparer();
    }

    /// <summary>
    /// An image at a URL: <c>http</c>/<c>https</c> (downloaded with <paramref name="httpClient"/> when first needed)
    /// or <c>file</c>.
    /// </summary>
    public ImageReference(Uri uri, HttpClient? httpClient = null)
        : this(uri, httpClient, MaxSourceBytes, allowNoClient: false)
    {
    }

    /// <summary>A URL downloaded with at most <paramref name="maxBytes"/>; the shared client when none is given and allowed.</summary>
    internal ImageReference(Uri uri, HttpClient? httpClient, long maxBytes, bool allowNoClient)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException($"Image URL '{uri}' is not absolute.", nameof(uri));
        }

        Name = uri.IsFile ? uri.LocalPath : uri.ToString();
        _source = new(uri.IsFile ? uri.LocalPath : uri.AbsoluteUri);
        _preparer = new ImagePreparer();
        if (uri.IsFile)
        {
            _load = ct => ReadFileAsync(uri.LocalPath, ct);
        }
        else if (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        {
            if (!allowNoClient)
            {
                ArgumentNullException.ThrowIfNull(httpClient);
            }

            var http = httpClient ?? SharedHttp.Value;
            _load = ct => DownloadAsync(http, uri, maxBytes, ct);
        }
        else
        {
            throw new ArgumentException($"Image URL '{uri}' has scheme '{uri.Scheme}'; http, https or file expected.", nameof(uri));
        }
    }

    /// <summary>An image already in memory (pasted, generated, received), prepared when first needed.</summary>
    public ImageReference(ReadOnlyMemory<byte> bytes, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;

        // Hashed only when a cache key or a stored conversation asks, not on every attach.
        _source = new(() => BytesSourcePrefix + Convert.ToHexStringLower(SHA256.HashData(bytes.Span)));
        _load = _ => Task.FromResult(bytes);
        _preparer = new ImagePreparer();
    }

    /// <summary>For tests and callers with their own storage: <paramref name="load"/> runs once per preparation.</summary>
    internal ImageReference(string name, Func<CancellationToken, Task<ReadOnlyMemory<byte>>> load, ImagePreparer? preparer = null, string? source = null)
    {
        Name = name;
        _source = new(source ?? name);
        _load = load;
        _preparer = preparer ?? new ImagePreparer();
    }

    /// <summary>The file path, URL or name, as shown in error messages.</summary>
    public string Name { get; }

    /// <summary>
    /// What identifies the image when a message is serialized (cache keys, stored conversations): the full path of
    /// a file, the URL, or <c>sha256:</c> and the hash of bytes held in memory.
    /// </summary>
    /// <remarks>
    /// A file is identified by its path, not its content: the reference reads a file once and keeps what it read, so
    /// within a conversation the path and the image sent never disagree.
    /// </remarks>
    public string Source => _source.Value;

    /// <summary>How many times the source was read (a file opened, a URL downloaded, bytes taken), successful or not.</summary>
    public int LoadCount => Volatile.Read(ref _loads);

    /// <summary>
    /// The image prepared for <paramref name="limits"/>: read and prepared on the first call, the same instance
    /// on every later call with equal limits.
    /// </summary>
    /// <exception cref="ImagePreparationException">The image cannot be read or prepared.</exception>
    public async Task<PreparedImage> GetPreparedAsync(ImageLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var entry = _prepared.GetOrAdd(limits, static (key, self) => new Lazy<Task<PreparedImage>>(
            () => self.LoadAndPrepareAsync(key), LazyThreadSafetyMode.ExecutionAndPublication), this);
        try
        {
            // The shared work is not tied to one caller's token: a caller that gives up stops waiting, and the
            // others (or the next send) still get the result.
            return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (entry.Value.IsFaulted || entry.Value.IsCanceled)
        {
            _prepared.TryRemove(KeyValuePair.Create(limits, entry));
            throw;
        }
    }

    /// <summary>The prepared image as Microsoft.Extensions.AI content, named after the source.</summary>
    /// <exception cref="ImagePreparationException">The image cannot be read or prepared.</exception>
    public async Task<DataContent> ToDataContentAsync(ImageLimits limits, CancellationToken cancellationToken = default)
    {
        var prepared = await GetPreparedAsync(limits, cancellationToken).ConfigureAwait(false);
        return prepared.ToDataContent(Path.GetFileName(Name.TrimEnd('/')));
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>
    /// The reference a serialized <see cref="Source"/> stands for: an http(s) URL (downloaded with a shared client),
    /// a file path, or a hash of bytes that were not stored, which fails with a clear message when prepared.
    /// </summary>
    internal static ImageReference FromSource(string source, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (source.StartsWith(BytesSourcePrefix, StringComparison.Ordinal))
        {
            var shown = string.IsNullOrWhiteSpace(name) ? source : name;
            return new ImageReference(shown, _ => throw new ImagePreparationException(shown, ImagePreparationFailure.Unreadable,
                "its bytes were held in memory and not stored with the conversation; attach it again."), source: source);
        }

        if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return new ImageReference(uri, null, MaxSourceBytes, allowNoClient: true);
        }

        return new ImageReference(source);
    }

    private async Task<PreparedImage> LoadAndPrepareAsync(ImageLimits limits)
    {
        Interlocked.Increment(ref _loads);
        var bytes = await _load(CancellationToken.None).ConfigureAwait(false);

        // Decoding and encoding are CPU work; keep them off a caller's synchronization context.
        return await Task.Run(() => _preparer.Prepare(bytes, Name, limits)).ConfigureAwait(false);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxSourceBytes)
            {
                throw TooLarge(path, length, MaxSourceBytes);
            }

            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImagePreparationException(path, ImagePreparationFailure.Unreadable,
                ex is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist." : ex.Message, ex);
        }
    }

    private static async Task<ReadOnlyMemory<byte>> DownloadAsync(HttpClient httpClient, Uri uri, long maxBytes, CancellationToken cancellationToken)
    {
        var name = uri.ToString();
        try
        {
            using var response = await httpClient.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ImagePreparationException(name, ImagePreparationFailure.Unreadable,
                    $"the server answered {(int)response.StatusCode} {response.ReasonPhrase ?? response.StatusCode.ToString()}.");
            }

            if (response.Content.Headers.ContentLength is long declared && declared > maxBytes)
            {
                throw TooLarge(name, declared, maxBytes);
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > maxBytes)
                    {
                        throw TooLarge(name, buffer.Length + read, maxBytes);
                    }

                    buffer.Write(chunk, 0, read);
                }

                return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            }
        }
        catch (HttpRequestException ex)
        {
            throw new ImagePreparationException(name, ImagePreparationFailure.Unreadable,
                $"it could not be downloaded ({ex.Message}).", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ImagePreparationException(name, ImagePreparationFailure.Unreadable,
                "the download timed out.", ex);
        }
    }

    private static ImagePreparationException TooLarge(string name, long bytes, long limit) =>
        new(name, ImagePreparationFailure.CannotFit,
            $"it is {bytes:N0} bytes, over the {limit:N0}-byte limit for an image source.");
}
