using System.Globalization;
using System.Net.Http.Headers;

namespace Switchboard.Providers.Http;

/// <summary>Reads how long a provider asked us to wait, from the headers providers actually send.</summary>
internal static class RetryAfterParser
{
    public static TimeSpan? Parse(HttpResponseHeaders headers, TimeProvider? time = null)
    {
        // OpenAI sends retry-after-ms (milliseconds, fractional) beside retry-after; it is the more precise one.
        if (headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis)
            && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        // RFC 9110 §10.2.3: Retry-After = HTTP-date / delay-seconds.
        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - (time ?? TimeProvider.System).GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        // Some servers send a fractional number of seconds, which HttpHeaders does not parse as a delta.
        if (headers.TryGetValues("retry-after", out var raw)
            && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }

    /// <summary>Parses a protobuf Duration in JSON form (<c>"20s"</c>, <c>"1.5s"</c>), as in Google's RetryInfo.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (text is null || !text.EndsWith('s'))
        {
            return null;
        }

        return double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
