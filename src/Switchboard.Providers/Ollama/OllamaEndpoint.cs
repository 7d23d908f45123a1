using System.Globalization;
using System.Net;

namespace Switchboard.Providers.Ollama;

/// <summary>
/// Turns an <c>OLLAMA_HOST</c>-style value into the server root a client can connect to. Follows the rules of
/// Ollama's own <c>envconfig.Host</c> (github.com/ollama/ollama, envconfig/config.go): the scheme is optional
/// (<c>http</c>), a missing port is 11434 without a scheme and 80/443 with one, a path is kept (reverse proxies),
/// and <c>ollama.com</c> alone means <c>https://ollama.com:443</c>. A server bound to <c>0.0.0.0</c> or <c>::</c>
/// listens on every interface, but a client cannot connect to "any", so those become loopback.
/// </summary>
internal static class OllamaEndpoint
{
    public const string DefaultBaseUrl = "http://localhost:11434";

    private const int DefaultPort = 11434;

    public static Uri Parse(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return new Uri(DefaultBaseUrl);
        }

        string scheme;
        string rest;
        int defaultPort;
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            (scheme, rest, defaultPort) = string.Equals(text, "ollama.com", StringComparison.OrdinalIgnoreCase)
                ? ("https", "ollama.com:443", 443)
                : ("http", text, DefaultPort);
        }
        else
        {
            scheme = text[..separator].ToLowerInvariant();
            rest = text[(separator + 3)..];
            defaultPort = scheme switch
            {
                "http" => 80,
                "https" => 443,
                _ => throw new ArgumentException($"Ollama host '{text}' has the scheme '{scheme}'; only http and https are supported.", nameof(value)),
            };
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var hostPort = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? string.Empty : rest[slash..].TrimEnd('/');
        var (host, port) = SplitHostPort(hostPort, defaultPort);
        host = host switch
        {
            "" or "0.0.0.0" => "127.0.0.1",
            "::" => "::1",
            _ => host,
        };

        var builder = new UriBuilder(scheme, host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host, port, path);
        return builder.Uri;
    }

    /// <summary>Joins the server root and an API path (<c>/api/chat</c>), keeping any path prefix of the root.</summary>
    public static Uri Resolve(Uri baseUri, string apiPath) =>
        new(baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + apiPath);

    private static (string Host, int Port) SplitHostPort(string hostPort, int defaultPort)
    {
        // "[::1]:11434", "[::1]", "host:port", "host", ":11434", "::" (a bare IPv6 address has several colons).
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close > 0)
            {
                var inside = hostPort[1..close];
                var after = hostPort[(close + 1)..];
                return (inside, after.StartsWith(':') ? ParsePort(after[1..], defaultPort) : defaultPort);
            }
        }

        if (IPAddress.TryParse(hostPort, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return (address.ToString(), defaultPort);
        }

        var colon = hostPort.LastIndexOf(':');
        return colon < 0
            ? (hostPort, defaultPort)
            : (hostPort[..colon], ParsePort(hostPort[(colon + 1)..], defaultPort));
    }

    private static int ParsePort(string text, int defaultPort) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port : defaultPort;
}
