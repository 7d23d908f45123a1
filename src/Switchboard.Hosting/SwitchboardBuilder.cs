using Microsoft.Extensions.DependencyInjection;
using Switchboard.Providers;

namespace Switchboard.Hosting;

/// <summary>The <see cref="ISwitchboardBuilder"/> <c>AddSwitchboard</c> returns.</summary>
internal sealed class SwitchboardBuilder(IServiceCollection services) : ISwitchboardBuilder
{
    public IServiceCollection Services { get; } = services;

    public ISwitchboardBuilder AddProvider(ProviderDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Services.AddSingleton(descriptor);
        return this;
    }
}
