using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Errors;

namespace Switchboard.Images;

/// <summary>
/// Sits in front of a protocol that takes no images (an in-process text model): a request holding an image is refused
/// before anything is read or sent, with a message that says so, instead of the image silently vanishing.
/// </summary>
public sealed class ImageRefusingChatClient(IChatClient innerClient, string model) : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        Refuse(list);
        return base.GetResponseAsync(list, options, cancellationToken);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        Refuse(list);
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    private void Refuse(IReadOnlyList<ChatMessage> messages)
    {
        if (messages.Any(m => m.Contents.Any(ImagePreparingChatClient.IsImage)))
        {
            var provider = model.Split('/')[0];
            throw new ProviderException(ProviderErrorKind.InvalidRequest, provider,
                $"{model} cannot read images; remove the image or choose a model with vision (for example openai/gpt-4.1-mini).");
        }
    }
}
