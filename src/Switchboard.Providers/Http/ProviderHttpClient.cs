using System.Net;

namespace Switchboard.Providers.Http;

/// <summary>The one pooled <see cref="HttpClient"/> all provider clients share unless a caller gives its own.</summary>
internal static class ProviderHttpClient
{
    /// <summary>
    /// Shared so connections are pooled across clients; <c>PooledConnectionLifetime</c> makes DNS changes visible.
    /// Timeouts are ours (per request, see <see cref="ProviderHttp"/>), so the client's own is infinite:
    /// a long stream must not be cut by a whole-request timer.
    /// </summary>
    public static HttpClient Shared { get; } = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = TimeSpan.FromSeconds(30),

        // A response disposed before its end (the caller stopped reading or cancelled a stream) closes the
        // connection at once. The default drains up to 1 MB for up to 2 s to reuse the connection, while the
        // provider keeps generating (and billing) tokens nobody reads.
        MaxResponseDrainSize = 0,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
