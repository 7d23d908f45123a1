using Switchboard.Core.Routing;

namespace Switchboard.Hosting;

/// <summary>What a model name resolved to, and why that model (named, configured default, a key is set, offline).</summary>
public sealed record ModelResolution(ModelRoute Route, string Reason);
