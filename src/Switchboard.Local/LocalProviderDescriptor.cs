using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers;
using Switchboard.Tokens;

namespace Switchboard.Local;

/// <summary>
/// The <c>local</c> protocol: GGUF models run in this process through LLamaSharp. Free, needs no key and no network,
/// and ships the tiny <c>stories260K</c> model, so it is the default when nothing else is configured.
/// </summary>
public sealed class LocalProviderDescriptor : ProviderDescriptor
{
    /// <summary>The protocol and provider name.</summary>
    public const string ProtocolName = "local";

    /// <summary>The model used when nothing is configured: the tiny in-process model, so chat works offline.</summary>
    public const string OfflineDefaultModel = "local/stories260K";

    public static LocalProviderDescriptor Instance { get; } = new();

    /// <inheritdoc />
    public override string Protocol => ProtocolName;

    /// <inheritdoc />
    public override string? DefaultModel => OfflineDefaultModel;

    /// <summary>Chosen last: any provider with a key is preferred to the tiny offline model.</summary>
    public override int DefaultModelPriority => int.MaxValue;

    /// <inheritdoc />
    public override bool IsFree => true;

    /// <inheritdoc />
    public override TokenizerFamily TokenizerFamily => TokenizerFamily.Registered;

    /// <summary>Exact: the model's own tokenizer, read from its GGUF file.</summary>
    public override ITokenCounter CreateTokenEstimator(string model, ProviderSettings settings) => LlamaTokenCounter.ForModel(model, settings);

    /// <inheritdoc />
    protected override void ValidateProtocolSettings(string prefix, ProviderSettings settings, List<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(errors);
        if (settings.ModelsDirectory is { } folder && !Directory.Exists(folder))
        {
            errors.Add(new(prefix + "models_dir", $"the folder '{folder}' does not exist"));
        }
    }

    /// <inheritdoc />
    public override IChatClient CreateChatClient(ProviderClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new LocalChatClient(context.Model, LocalModelLocator.Locate(context.Model, context.Settings));
    }

    /// <summary>Sentence embeddings in this process, offline (<c>local/all-MiniLM-L6-v2</c>).</summary>
    /// <exception cref="Errors.ProviderException">The model is not built in.</exception>
    public override IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(ProviderClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new LocalEmbeddingGenerator(context.Model);
    }

    /// <inheritdoc />
    public override IChatClient? CreateCompletionClient(ProviderClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new LocalFimClient(context.Model, context.Settings, context.HttpClient, context.ProviderName);
    }
}
