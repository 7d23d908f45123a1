using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Switchboard.Tools;

/// <summary>
/// Tells a regular file from a named pipe, socket or device before anything opens it. .NET has no public API for
/// this (<see cref="FileAttributes"/> reports all of them as <see cref="FileAttributes.Normal"/>), and opening a FIFO
/// to find out already blocks, so the file type is read with <c>statx(2)</c> on Linux and <c>stat(2)</c> on macOS.
/// </summary>
/// <remarks>
/// Both calls follow symbolic links, as opening the path would. Windows keeps named pipes out of the file system
/// (<c>\\.\pipe\</c>), so there anything that is not a folder is a regular file. Where the type cannot be read (an
/// unknown Unix, a kernel without statx) the path is taken to be a regular file and the tool deadline is what stops
/// a read that blocks.
/// </remarks>
internal static partial class FileKindProbe
{
    // Linux: statx(2). struct statx has the same layout on every architecture; stx_mode is the u16 at byte 28.
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x0001;
    private const int StatxModeOffset = 28;
    private const int StatxBufferSize = 256;

    // macOS: struct stat (64-bit inodes) starts with dev_t st_dev (int32) and then mode_t st_mode (u16).
    private const int DarwinModeOffset = 4;
    private const int DarwinStatBufferSize = 256;

    // File type bits of st_mode, the same on Linux and macOS (sys/stat.h).
    private const int TypeMask = 0xF000;
    private const int TypeFifo = 0x1000;
    private const int TypeCharacterDevice = 0x2000;
    private const int TypeDirectory = 0x4000;
    private const int TypeBlockDevice = 0x6000;
    private const int TypeRegular = 0x8000;
    private const int TypeSymbolicLink = 0xA000;
    private const int TypeSocket = 0xC000;

    // errno values that mean "nothing there".
    private const int ErrorNoEntry = 2;
    private const int ErrorNotDirectory = 20;
    private const int ErrorLinkLoop = 40;
    private const int DarwinErrorLinkLoop = 62;

    // errno values that mean statx itself is unusable here.
    private const int ErrorNotPermitted = 1;
    private const int ErrorNotImplemented = 38;

    private static int _statxUnavailable;

    /// <summary>The kind of file system object at <paramref name="fullPath"/>, links followed.</summary>
    public static FileKind Of(string fullPath)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        if (OperatingSystem.IsLinux() && Volatile.Read(ref _statxUnavailable) == 0)
        {
            Span<byte> buffer = stackalloc byte[StatxBufferSize];
            if (LinuxStatx(AtFdCwd, fullPath, 0, StatxType, buffer) == 0)
            {
                return FromMode(BinaryPrimitives.ReadUInt16LittleEndian(buffer[StatxModeOffset..]));
            }

            var error = Marshal.GetLastPInvokeError();
            if (error is ErrorNoEntry or ErrorNotDirectory or ErrorLinkLoop)
            {
                return FileKind.Missing;
            }

            // ENOSYS (kernel before 4.11) or EPERM (a seccomp filter that does not know statx): stop asking.
            if (error is ErrorNotImplemented or ErrorNotPermitted)
            {
                Volatile.Write(ref _statxUnavailable, 1);
            }
        }
        else if (OperatingSystem.IsMacOS())
        {
            Span<byte> buffer = stackalloc byte[DarwinStatBufferSize];
            var result = RuntimeInformation.ProcessArchitecture == Architecture.X64
                ? DarwinStatInode64(fullPath, buffer)
                : DarwinStat(fullPath, buffer);
            if (result == 0)
            {
                var mode = BitConverter.IsLittleEndian
                    ? BinaryPrimitives.ReadUInt16LittleEndian(buffer[DarwinModeOffset..])
                    : BinaryPrimitives.ReadUInt16BigEndian(buffer[DarwinModeOffset..]);
                return FromMode(mode);
            }

            if (Marshal.GetLastPInvokeError() is ErrorNoEntry or ErrorNotDirectory or DarwinErrorLinkLoop)
            {
                return FileKind.Missing;
            }
        }

        return Directory.Exists(fullPath) ? FileKind.Directory : File.Exists(fullPath) ? FileKind.Regular : FileKind.Missing;
    }

    /// <summary>"a named pipe (FIFO)", "a socket", ...: how a message names a kind.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.NamedPipe => "a named pipe (FIFO)",
        FileKind.Socket => "a socket",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Missing => "missing",
        _ => "a special file",
    };

    /// <summary>A short tag for listings: "named pipe", "socket", ...</summary>
    public static string Tag(FileKind kind) => kind switch
    {
        FileKind.NamedPipe => "named pipe",
        FileKind.Socket => "socket",
        FileKind.CharacterDevice => "character device",
        FileKind.BlockDevice => "block device",
        _ => "special file",
    };

    /// <summary>Whether the kind is something other than a regular file or folder that exists.</summary>
    public static bool IsSpecial(FileKind kind) => kind is not (FileKind.Regular or FileKind.Directory or FileKind.Missing);

    private static FileKind FromMode(int mode) => (mode & TypeMask) switch
    {
        TypeRegular => FileKind.Regular,
        TypeDirectory => FileKind.Directory,
        TypeFifo => FileKind.NamedPipe,
        TypeSocket => FileKind.Socket,
        TypeCharacterDevice => FileKind.CharacterDevice,
        TypeBlockDevice => FileKind.BlockDevice,

        // Not reported when links are followed; kept so a surprise is "other", never "regular".
        TypeSymbolicLink => FileKind.Other,
        _ => FileKind.Other,
    };

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinuxStatx(int directoryFd, string path, int flags, uint mask, Span<byte> buffer);

    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int DarwinStat(string path, Span<byte> buffer);

    // On Intel Macs the 64-bit-inode struct stat is only behind this symbol; Apple silicon has it as plain stat.
    [LibraryImport("libc", EntryPoint = "stat$INODE64", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int DarwinStatInode64(string path, Span<byte> buffer);
}
