using System.Collections.Concurrent;
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

    private readonly Func<CancellationToken, Task<ReadOnlyMemory<byte>>> _load;
    private readonly ImagePreparer _preparer;
    private readonly ConcurrentDictionary<ImageLimits, Lazy<Task<PreparedImage>>> _prepared = new();

    /// <summary>An image file, read when first needed.</summary>
    public ImageReference(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Name = path;
        _load = ct => ReadFileAsync(path, ct);
        _preparer = new ImagePreparer();
    }

    /// <summary>
    /// An image at a URL: <c>http</c>/<c>https</c> (downloaded with <paramref name="httpClient"/> when first needed)
    /// or <c>file</c>.
    /// </summary>
    public ImageReference(Uri uri, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException($"Image URL '{uri}' is not absolute.", nameof(uri));
        }

        Name = uri.IsFile ? uri.LocalPath : uri.ToString();
        _preparer = new ImagePreparer();
        if (uri.IsFile)
        {
            _load = ct => ReadFileAsync(uri.LocalPath, ct);
        }
        else if (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        {
            ArgumentNullException.ThrowIfNull(httpClient);
            _load = ct => DownloadAsync(httpClient, uri, ct);
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
        _load = _ => Task.FromResult(bytes);
        _preparer = new ImagePreparer();
    }

    /// <summary>For tests and callers with their own storage: <paramref name="load"/> runs once per preparation.</summary>
    internal ImageReference(string name, Func<CancellationToken, Task<ReadOnlyMemory<byte>>> load, ImagePreparer? preparer = null)
    {
        Name = name;
        _load = load;
        _preparer = preparer ?? new ImagePreparer();
    }

    /// <summary>The file path, URL or name, as shown in error messages.</summary>
    public string Name { get; }

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

    private async Task<PreparedImage> LoadAndPrepareAsync(ImageLimits limits)
    {
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
                throw TooLarge(path, length);
            }

            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImagePreparationException(path, ImagePreparationFailure.Unreadable,
                ex is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist." : ex.Message, ex);
        }
    }

    private static async Task<ReadOnlyMemory<byte>> DownloadAsync(HttpClient httpClient, Uri uri, CancellationToken cancellationToken)
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

            if (response.Content.Headers.ContentLength is long declared && declared > MaxSourceBytes)
            {
                throw TooLarge(name, declared);
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > MaxSourceBytes)
                    {
                        throw TooLarge(name, buffer.Length + read);
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

    private static ImagePreparationException TooLarge(string name, long bytes) =>
        new(name, ImagePreparationFailure.CannotFit,
            $"it is {bytes:N0} bytes, over the {MaxSourceBytes:N0}-byte limit for an image source.");
}
