using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Outpost.Agent.Releases;

/// <summary>The few POSIX calls .NET does not expose: rename(2) over a directory symlink and fsync of a directory.</summary>
internal static class UnixFileSystem
{
    /// <summary>Atomically replaces <paramref name="destination"/> with <paramref name="source"/> (rename(2)).</summary>
    /// <remarks>File.Move follows a symlink to a directory and refuses it, so the link swap needs the syscall itself.</remarks>
    public static void Rename(string source, string destination)
    {
        if (OperatingSystem.IsWindows())
        {
            File.Move(source, destination, overwrite: true);
            return;
        }

        if (NativeRename(source, destination) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"rename '{source}' -> '{destination}' failed: {new Win32Exception(errno).Message}", errno);
        }
    }

    /// <summary>Flushes a directory's entries to disk so that a create, rename or delete in it survives power loss.</summary>
    public static void FsyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = NativeOpen(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"open '{directory}' for fsync failed: {new Win32Exception(errno).Message}", errno);
        }

        try
        {
            if (NativeFsync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"fsync '{directory}' failed: {new Win32Exception(errno).Message}", errno);
            }
        }
        finally
        {
            _ = NativeClose(fd);
        }
    }

    // DllImport with byte[] paths (UTF-8, NUL-terminated) keeps marshalling blittable: LibraryImport would need unsafe code enabled.
    private static byte[] Path0(string path) => System.Text.Encoding.UTF8.GetBytes(path + "\0");

    private static int NativeRename(string oldPath, string newPath) => rename(Path0(oldPath), Path0(newPath));

    private static int NativeOpen(string path, int flags) => open(Path0(path), flags);

    private static int NativeFsync(int fd) => fsync(fd);

    private static int NativeClose(int fd) => close(fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int rename(byte[] oldPath, byte[] newPath);

    [DllImport("libc", SetLastError = true)]
    private static extern int open(byte[] path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
