namespace Switchboard.Errors;

/// <summary>What went wrong with a provider call, independent of the provider's own error vocabulary.</summary>
public enum ProviderErrorKind
{
    /// <summary>Too many requests or tokens for the account's limits (HTTP 429).</summary>
    RateLimited,

    /// <summary>The provider is temporarily overloaded (Anthropic 529, HTTP 503).</summary>
    Overloaded,

    /// <summary>The prompt plus requested output does not fit the model's context window.</summary>
    ContextLengthExceeded,

    /// <summary>The API key is missing, malformed or revoked (HTTP 401).</summary>
    Authentication,

    /// <summary>The key is valid but may not use this model or feature (HTTP 403).</summary>
    PermissionDenied,

    /// <summary>The request was rejected as malformed or unsupported (HTTP 400, 413, 422).</summary>
    InvalidRequest,

    /// <summary>The model or endpoint does not exist (HTTP 404).</summary>
    NotFound,

    /// <summary>The provider refused to produce content for safety reasons.</summary>
    ContentFiltered,

    /// <summary>No answer in time: a client-side timeout or HTTP 408 / 504.</summary>
    Timeout,

    /// <summary>The connection could not be made or was refused.</summary>
    Network,

    /// <summary>A 200 stream ended early: the connection was cut or the provider sent an error event.</summary>
    StreamInterrupted,

    /// <summary>The provider failed internally (HTTP 5xx).</summary>
    Server,

    /// <summary>The provider answered with bytes that are not the documented wire format.</summary>
    InvalidResponse,
}
