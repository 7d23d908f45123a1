using Microsoft.Extensions.AI;
using Switchboard.Catalog;
using Switchboard.Providers;

namespace Switchboard.Images;

/// <summary><c>builder.UseImagePreparation(descriptor.Images, catalog.Find(model))</c>.</summary>
public static class ImagePreparingChatClientBuilderExtensions
{
    /// <summary>Adds an <see cref="ImagePreparingChatClient"/>: images fitted to the provider's limits when sent.</summary>
    /// <param name="builder">The pipeline; put this step next to the provider client, since the limits are that provider's.</param>
    /// <param name="images">What the provider accepts (its descriptor's <see cref="ProviderDescriptor.Images"/>).</param>
    /// <param name="model">The catalog entry; a model without vision is refused images before any request.</param>
    /// <param name="http">Downloads image URLs the provider cannot fetch itself; a shared client when null.</param>
    /// <param name="configure">Adjusts the client (download limit, loopback downloads).</param>
    public static ChatClientBuilder UseImagePreparation(
        this ChatClientBuilder builder, ProviderImageSupport images, ModelInfo? model = null, HttpClient? http = null,
        Action<ImagePreparingChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(images);
        return builder.Use(inner =>
        {
            var client = new ImagePreparingChatClient(inner, images, model, http);
            configure?.Invoke(client);
            return client;
        });
    }
}
