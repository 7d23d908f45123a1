using Microsoft.Extensions.DependencyInjection;
using Switchboard.Providers;

namespace Switchboard.Hosting;

/// <summary>
/// What <c>services.AddSwitchboard(...)</c> returns: a place to add provider protocols (the four HTTP protocols are
/// added by default; <c>AddLocalModels()</c> adds in-process models) and other parts, without reaching for the host.
/// </summary>
public interface ISwitchboardBuilder
{
    /// <summary>The services the host is registered in.</summary>
    IServiceCollection Services { get; }

    /// <summary>Adds a protocol; a later descriptor with the same protocol name replaces an earlier one.</summary>
    ISwitchboardBuilder AddProvider(ProviderDescriptor descriptor);
}
