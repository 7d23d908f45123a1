using System.Collections.Concurrent;
using LLama;
using LLama.Common;
using LLama.Native;
using Switchboard.Errors;

namespace Switchboard.Local;

/// <summary>
/// Loaded model weights, one per file for the life of the process: loading is the slow part and the weights
/// are read-only, so every chat client and request over the same file shares them.
/// </summary>
internal static class LocalModelCache
{
    private static readonly ConcurrentDictionary<string, Lazy<LoadedModel>> Models = new(StringComparer.Ordinal);

    static LocalModelCache()
    {
        // llama.cpp writes its load log to stderr; the CLI's output must stay clean for scripts.
        NativeLibraryConfig.All.WithLogCallback((_, _) => { });
    }

    public static LoadedModel Get(string path, int contextSize) =>
        Models.GetOrAdd(path, p => new Lazy<LoadedModel>(() => Load(p, contextSize))).Value;

    private static LoadedModel Load(string path, int contextSize)
    {
        var parameters = new ModelParams(path)
        {
            ContextSize = (uint)contextSize,
            GpuLayerCount = 0,
        };

        try
        {
            var weights = LLamaWeights.LoadFromFile(parameters);
            return new LoadedModel(weights, parameters);
        }
        catch (Exception ex) when (ex is LLama.Exceptions.LoadWeightsFailedException or LLama.Exceptions.RuntimeError)
        {
            throw new ProviderException(ProviderErrorKind.InvalidRequest, LocalProviderDescriptor.ProtocolName,
                $"Cannot load the model file '{path}': {ex.Message}", innerException: ex);
        }
    }
}
