using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FuzzTest.Workers;

/// <summary>
/// Takes the worker's stdin and stdout for the protocol and gives the code under test a
/// harmless stdin (end of file) and a stdout that goes to stderr: a target that prints can
/// never corrupt a frame, and its output still reaches the parent's log.
/// </summary>
internal static partial class WorkerStdio
{
    private const int StdIn = 0;
    private const int StdOut = 1;
    private const int StdErr = 2;
    private const int ReadOnly = 0;

    /// <summary>Returns the protocol's input and output streams.</summary>
    public static (Stream Input, Stream Output) TakeOver()
    {
        if (OperatingSystem.IsWindows())
        {
            var input = Console.OpenStandardInput();
            var output = Console.OpenStandardOutput();
            Console.SetOut(Console.Error);
            return (input, output);
        }

        var protocolIn = Check(Dup(StdIn));
        var protocolOut = Check(Dup(StdOut));
        Check(Dup2(StdErr, StdOut));
        var devNull = Check(Open("/dev/null", ReadOnly));
        Check(Dup2(devNull, StdIn));
        return (Open(protocolIn, FileAccess.Read), Open(protocolOut, FileAccess.Write));
    }

    /// <summary>
    /// The parent process id as the kernel sees it now: it changes (to init or a subreaper) when
    /// the parent dies, which a worker busy fuzzing would not otherwise notice. 0 on Windows.
    /// </summary>
    public static int ParentId() => OperatingSystem.IsWindows() ? 0 : GetParentId();

    private static FileStream Open(int fd, FileAccess access) => new(new SafeFileHandle(fd, ownsHandle: true), access, bufferSize: 0);

    private static int Check(int result) =>
        result >= 0 ? result : throw new IOException($"FuzzTest worker: redirecting stdio failed (errno {Marshal.GetLastPInvokeError()}).");

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentId();

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int from, int to);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);
}
