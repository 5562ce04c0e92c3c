using System.Runtime.InteropServices;
using FuzzTest.Forkserver;

namespace FuzzTest.AflTarget;

/// <summary>
/// The target's end of the forkserver pipes that afl-fuzz (or afl-showmap, afl-tmin, afl-cmin)
/// places on fds 198 and 199 before it starts us: blocking reads and writes of 4-byte words in
/// host byte order.
/// </summary>
internal static unsafe partial class ControlPipes
{
    // fcntl commands and flag (Linux values).
    private const int GetDescriptorFlags = 1;
    private const int SetDescriptorFlags = 2;
    private const int CloseOnExecFlag = 1;

    /// <summary>
    /// True when both descriptors are open: afl-fuzz started us. Run by hand, they are not, and
    /// the relay says how to start it instead of failing on the first read.
    /// </summary>
    public static bool Present() => GetFlags(AflProtocol.ControlFd) >= 0 && GetFlags(AflProtocol.StatusFd) >= 0;

    /// <summary>
    /// Marks both descriptors close-on-exec: afl-fuzz's dup2 cleared the flag, and a worker that
    /// inherited the status pipe's write end would keep afl-fuzz from seeing us die.
    /// </summary>
    public static void KeepFromChildren()
    {
        foreach (var fd in new[] { AflProtocol.ControlFd, AflProtocol.StatusFd })
        {
            if (SetFlags(fd, SetDescriptorFlags, CloseOnExecFlag) < 0)
            {
                throw Libc.Failure($"fcntl(F_SETFD) on fd {fd}");
            }
        }
    }

    /// <summary>Reads one word from afl-fuzz; false when it closed the pipe (it is done with us).</summary>
    public static bool TryRead(out uint word)
    {
        uint value = 0;
        var ok = ReadExactly(AflProtocol.ControlFd, (byte*)&value, sizeof(uint));
        word = value;
        return ok;
    }

    /// <summary>Reads <paramref name="buffer"/>.Length bytes from afl-fuzz; false at end of file.</summary>
    public static bool TryRead(Span<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            return ReadExactly(AflProtocol.ControlFd, start, buffer.Length);
        }
    }

    /// <summary>Writes one word to afl-fuzz.</summary>
    /// <exception cref="IOException">afl-fuzz is gone.</exception>
    public static void Write(uint word) => Write(new ReadOnlySpan<byte>(&word, sizeof(uint)));

    /// <summary>Writes <paramref name="bytes"/> to afl-fuzz.</summary>
    /// <exception cref="IOException">afl-fuzz is gone.</exception>
    public static void Write(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            for (var done = 0; done < bytes.Length;)
            {
                var n = Libc.Write(AflProtocol.StatusFd, start + done, bytes.Length - done);
                if (n < 0 && Marshal.GetLastPInvokeError() == Libc.Interrupted)
                {
                    continue;
                }

                if (n <= 0)
                {
                    throw Libc.Failure("writing to afl-fuzz's status pipe (fd 199)");
                }

                done += (int)n;
            }
        }
    }

    private static bool ReadExactly(int fd, byte* buffer, int length)
    {
        for (var done = 0; done < length;)
        {
            var n = Libc.Read(fd, buffer + done, length - done);
            if (n < 0 && Marshal.GetLastPInvokeError() == Libc.Interrupted)
            {
                continue;
            }

            if (n <= 0)
            {
                return false;
            }

            done += (int)n;
        }

        return true;
    }

    private static int GetFlags(int fd) => SetFlags(fd, GetDescriptorFlags, 0);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int SetFlags(int fd, int command, int argument);
}
