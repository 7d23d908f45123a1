using System.Net;
using Switchboard.Errors;

namespace Switchboard.Providers.Http;

/// <summary>Maps an HTTP status plus the provider's error type and message to a <see cref="ProviderErrorKind"/>.</summary>
internal static class ErrorClassifier
{
    /// <summary>Phrases providers use for an over-long prompt; they arrive as plain 400s, so the text decides.</summary>
    private static readonly string[] ContextLengthMarkers =
    [
        "context_length_exceeded",
        "maximum context length",
        "context window",
        "prompt is too long",
        "input is too long",
        "exceeds the maximum number of tokens",
        "input token count",
        "too many tokens",
    ];

    /// <summary>Phrases and codes for safety refusals.</summary>
    private static readonly string[] ContentFilterMarkers = ["content_filter", "content_policy", "safety", "responsible ai"];

    public static ProviderErrorKind Classify(HttpStatusCode status, string? type, string? code, string? message)
    {
        var text = $"{type} {code} {message}";
        if (ContainsAny(text, ContextLengthMarkers))
        {
            return ProviderErrorKind.ContextLengthExceeded;
        }

        return (int)status switch
        {
            400 or 422 when ContainsAny(text, ContentFilterMarkers) => ProviderErrorKind.ContentFiltered,
            400 or 409 or 413 or 422 => ProviderErrorKind.InvalidRequest,
            401 => ProviderErrorKind.Authentication,
            403 => ProviderErrorKind.PermissionDenied,
            404 => ProviderErrorKind.NotFound,
            408 or 504 => ProviderErrorKind.Timeout,
            429 => ProviderErrorKind.RateLimited,
            503 or 529 => ProviderErrorKind.Overloaded,
            >= 500 => ProviderErrorKind.Server,
            _ => ProviderErrorKind.InvalidRequest,
        };
    }

    /// <summary>Classifies an error that arrived as an event inside a 200 stream, from its type alone.</summary>
    public static ProviderErrorKind ClassifyStreamError(string? type, string? code, string? message)
    {
        var text = $"{type} {code} {message}";
        if (ContainsAny(text, ContextLengthMarkers))
        {
            return ProviderErrorKind.ContextLengthExceeded;
        }

        if (ContainsAny(text, ["overloaded", "unavailable"]))
        {
            return ProviderErrorKind.Overloaded;
        }

        if (ContainsAny(text, ["rate_limit", "rate limit", "resource_exhausted"]))
        {
            return ProviderErrorKind.RateLimited;
        }

        return ProviderErrorKind.StreamInterrupted;
    }

    private static bool ContainsAny(string text, string[] markers)
    {
        foreach (var marker in markers)
        {
            if (text.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
