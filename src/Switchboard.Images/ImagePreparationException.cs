namespace Switchboard.Images;

/// <summary>
/// An image could not be read, decoded or made to fit a provider's limits. The message names the file or URL and
/// says why, in words a user can act on.
/// </summary>
public sealed class ImagePreparationException : Exception
{
    public ImagePreparationException(string sourceName, ImagePreparationFailure failure, string reason, Exception? innerException = null)
        : base($"Image '{sourceName}' cannot be used: {reason}", innerException)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(reason);
        SourceName = sourceName;
        Failure = failure;
        Reason = reason;
    }

    /// <summary>The file path, URL or name the image came from.</summary>
    public string SourceName { get; }

    /// <summary>The category of the failure.</summary>
    public ImagePreparationFailure Failure { get; }

    /// <summary>The reason alone, without the file name.</summary>
    public string Reason { get; }
}
