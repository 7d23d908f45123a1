using Switchboard.Core.Routing;

namespace Switchboard.Hosting;

/// <summary>How the host itself runs (as opposed to the user's settings): where its database is, what it sends with.</summary>
public sealed class SwitchboardHostOptions
{
    /// <summary>The shared SQLite database (ledger, budgets, rate limits); null for <c>usage.db</c> in the user's data folder.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>The client providers send with; null for the shared pooled one. Tests point it at emulators.</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Retries, backoff and cooldown of every route.</summary>
    public RouterOptions Router { get; set; } = new();

    /// <summary>
    /// Whether plain-http image URLs on loopback may be downloaded for providers that cannot fetch URLs (tests and
    /// local image servers); off by default, when only https URLs are downloaded.
    /// </summary>
    public bool AllowInsecureLoopbackImageDownloads { get; set; }

    /// <summary>Whether the current process's environment variables are read for keys and endpoints. Tests turn it off.</summary>
    public Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;
}
