namespace Switchboard.Providers.Http;

/// <summary>What a provider-specific error parser read from an error body.</summary>
/// <param name="Message">The provider's human-readable message.</param>
/// <param name="Type">The provider's error type (<c>overloaded_error</c>, <c>RESOURCE_EXHAUSTED</c>, <c>invalid_request_error</c>).</param>
/// <param name="Code">The provider's finer error code where it has one (<c>context_length_exceeded</c>).</param>
/// <param name="RetryAfter">A retry delay found in the body (Gemini's <c>RetryInfo</c>), if any.</param>
internal sealed record ProviderErrorDetails(string Message, string? Type = null, string? Code = null, TimeSpan? RetryAfter = null);
