using System.Net;

namespace Switchboard.Errors;

/// <summary>
/// The one exception every provider client throws. It carries enough to decide on a retry or fallback
/// (<see cref="Kind"/>, <see cref="RetryAfter"/>, <see cref="IsRetryable"/>) and to show the user the
/// provider's own words (<see cref="ProviderMessage"/>). It never carries the API key.
/// </summary>
public sealed class ProviderException : Exception
{
    public ProviderException(
        ProviderErrorKind kind,
        string provider,
        string providerMessage,
        HttpStatusCode? statusCode = null,
        string? errorType = null,
        string? responseBody = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(FormatMessage(kind, provider, providerMessage, statusCode), innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        Kind = kind;
        Provider = provider;
        ProviderMessage = providerMessage ?? string.Empty;
        StatusCode = statusCode;
        ErrorType = errorType;
        ResponseBody = responseBody;
        RetryAfter = retryAfter;
    }

    /// <summary>The provider-independent category of the failure.</summary>
    public ProviderErrorKind Kind { get; }

    /// <summary>The provider name as used in model ids (<c>openai</c>, <c>anthropic</c>, ...).</summary>
    public string Provider { get; }

    /// <summary>The provider's own error message, or our description when the provider gave none.</summary>
    public string ProviderMessage { get; }

    /// <summary>The HTTP status of the response, when there was one.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The provider's error type or code (<c>overloaded_error</c>, <c>RESOURCE_EXHAUSTED</c>, ...).</summary>
    public string? ErrorType { get; }

    /// <summary>The raw error body, kept for diagnostics.</summary>
    public string? ResponseBody { get; }

    /// <summary>How long the provider asked us to wait before trying again.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether the same request may succeed if sent again later.</summary>
    public bool IsRetryable => Kind is ProviderErrorKind.RateLimited or ProviderErrorKind.Overloaded
        or ProviderErrorKind.Timeout or ProviderErrorKind.Network or ProviderErrorKind.StreamInterrupted
        or ProviderErrorKind.Server;

    /// <summary>The kind as a snake_case word, the form scripts see in JSON output.</summary>
    public string KindName => ToSnakeCase(Kind);

    /// <summary>Converts a kind to the snake_case form used in JSON (<c>rate_limited</c>).</summary>
    public static string ToSnakeCase(ProviderErrorKind kind)
    {
        var name = kind.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    private static string FormatMessage(ProviderErrorKind kind, string provider, string providerMessage, HttpStatusCode? status) =>
        status is null
            ? $"{provider}: {ToSnakeCase(kind)}: {providerMessage}"
            : $"{provider}: {ToSnakeCase(kind)} (HTTP {(int)status.Value}): {providerMessage}";
}
