using Microsoft.Extensions.AI;
using Switchboard.Catalog;

namespace Switchboard.Images;

/// <summary><c>builder.UseImagePreparation("anthropic", catalog.Find(model))</c>.</summary>
public static class ImagePreparingChatClientBuilderExtensions
{
    /// <summary>Adds an <see cref="ImagePreparingChatClient"/>: images fitted to <paramref name="protocol"/>'s limits when sent.</summary>
    /// <param name="builder">The pipeline; put this step next to the provider client, since the limits are that provider's.</param>
    /// <param name="protocol"><c>openai</c>, <c>anthropic</c>, <c>gemini</c> or <c>ollama</c>.</param>
    /// <param name="model">The catalog entry; a model without vision is refused images before any request.</param>
    /// <param name="http">Downloads image URLs the provider cannot fetch itself; a shared client when null.</param>
    /// <param name="configure">Adjusts the client (download limit, loopback downloads).</param>
    public static ChatClientBuilder UseImagePreparation(
        this ChatClientBuilder builder, string protocol, ModelInfo? model, HttpClient? http = null,
        Action<ImagePreparingChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(protocol);

        // Checked now, so an unknown protocol fails where the pipeline is built rather than on the first image.
        _ = ImageLimits.For(protocol);
        return builder.Use(inner =>
        {
            var client = new ImagePreparingChatClient(inner, protocol, model, http);
            configure?.Invoke(client);
            return client;
        });
    }
}
