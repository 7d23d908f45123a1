using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Switchboard.Images;
using Switchboard.Models;
using Switchboard.Providers;
using Switchboard.Tokens;

namespace Switchboard.Hosting;

/// <summary>
/// Token estimates per model from each provider's descriptor: its token estimator for text and its image formula for
/// images, with an upper bound (every byte a token, every image at the largest size the provider reads) for budgets.
/// </summary>
internal sealed class ProviderTokenEstimators(ProviderRegistry providers) : ITokenEstimatorSource
{
    private readonly ConcurrentDictionary<ModelId, (RequestTokenEstimator Estimate, RequestTokenEstimator UpperBound)> _byModel = new();

    public RequestTokenEstimator GetEstimator(ModelId model) => For(model).Estimate;

    public RequestTokenEstimator GetUpperBound(ModelId model) => For(model).UpperBound;

    private (RequestTokenEstimator Estimate, RequestTokenEstimator UpperBound) For(ModelId model) => _byModel.GetOrAdd(model, m =>
    {
        var descriptor = providers.Find(m.Provider);
        var images = descriptor?.Images;

        // An image reference is sized once it is prepared; until then it counts as the largest image the provider reads.
        long? ImageReference(AIContent content) => content is ImageReferenceContent ? images?.MaxTokensPerImage ?? 0 : null;
        var counter = descriptor?.CreateTokenEstimator(m.Model, providers.SettingsFor(m)) ?? CharacterTokenCounter.Default;
        return (new RequestTokenEstimator(counter, images, ImageReference), new RequestTokenEstimator(Utf8ByteTokenCounter.Instance, images, ImageReference));
    });
}
