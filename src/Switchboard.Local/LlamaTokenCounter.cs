using System.Text;
using Switchboard.Configuration;
using Switchboard.Tokens;

namespace Switchboard.Local;

/// <summary>
/// Exact counts for a local GGUF model: its own tokenizer (the vocabulary in the GGUF file) through LLamaSharp.
/// The weights are the ones <see cref="LocalChatClient"/> uses, loaded once per file for the process.
/// </summary>
/// <remarks>
/// Text is counted as content: without the beginning-of-sequence token the prompt adds once, and with special-token
/// text (<c>&lt;|im_start|&gt;</c>) counted as plain text, as a user's message is.
/// </remarks>
public sealed class LlamaTokenCounter : ITokenCounter
{
    private const int DefaultContextSize = 2048;

    private readonly string _path;

    /// <param name="path">The GGUF file.</param>
    public LlamaTokenCounter(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
    }

    /// <inheritdoc />
    public bool IsExact => true;

    /// <summary>The counter for <c>local/&lt;name&gt;</c>, its file found as the local provider finds it.</summary>
    /// <exception cref="Errors.ProviderException">No GGUF file for the name (kind NotFound).</exception>
    public static LlamaTokenCounter ForModel(string modelName, ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new LlamaTokenCounter(LocalModelLocator.Locate(modelName, settings));
    }

    /// <inheritdoc />
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return 0;
        }

        var model = LocalModelCache.Get(_path, DefaultContextSize);
        return model.Weights.Tokenize(text, add_bos: false, special: false, Encoding.UTF8).Length;
    }
}
