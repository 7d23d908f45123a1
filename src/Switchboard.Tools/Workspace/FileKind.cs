namespace Switchboard.Tools;

/// <summary>What a path names, with symbolic links followed.</summary>
internal enum FileKind
{
    /// <summary>Nothing is there (or a link leads nowhere).</summary>
    Missing,

    /// <summary>A regular file: the only kind the tools read or write.</summary>
    Regular,

    Directory,

    /// <summary>A FIFO: opening it for reading waits until some process opens it for writing.</summary>
    NamedPipe,

    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>A character device such as <c>/dev/zero</c>, which never ends, or a terminal, which waits for input.</summary>
    CharacterDevice,

    BlockDevice,

    /// <summary>A kind this platform reports that is none of the above.</summary>
    Other,
}
