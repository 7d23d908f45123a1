namespace Switchboard.Images;

/// <summary>Why an image could not be prepared.</summary>
public enum ImagePreparationFailure
{
    /// <summary>The file, URL or download could not be read.</summary>
    Unreadable,

    /// <summary>There were no bytes at all.</summary>
    Empty,

    /// <summary>The bytes are not an image format we can decode (PNG, JPEG, WebP, GIF, BMP, ...).</summary>
    UnknownFormat,

    /// <summary>The format is known but the data inside is damaged.</summary>
    Corrupt,

    /// <summary>The data ends before the image does.</summary>
    Truncated,

    /// <summary>The image is too large to decode safely, or cannot be made to fit the byte budget.</summary>
    CannotFit,
}
