using Switchboard.Errors;

namespace Switchboard.Core.Routing;

/// <summary>Every target of a route failed; <see cref="Exception.InnerException"/> is the last failure.</summary>
public sealed class RouteExhaustedException(string route, IReadOnlyList<(string Model, Exception Error)> failures)
    : Exception(
        $"All models of '{route}' failed: {string.Join("; ", failures.Select(f => $"{f.Model}: {(f.Error is ProviderException p ? p.KindName + ": " + p.ProviderMessage : f.Error.Message)}"))}",
        failures.Count > 0 ? failures[^1].Error : null)
{
    /// <summary>Each target tried, with the error that ended it.</summary>
    public IReadOnlyList<(string Model, Exception Error)> Failures { get; } = failures;

    /// <summary>The last provider error, which callers report as the route's error.</summary>
    public ProviderException? LastProviderError => Failures.Select(f => f.Error).OfType<ProviderException>().LastOrDefault();
}
