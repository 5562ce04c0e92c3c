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

    // O_CLOEXEC on Linux: the descriptor is not inherited by processes the target starts.
    private const int CloseOnExec = 0x80000;

    // fcntl's F_DUPFD_CLOEXEC: duplicate to the lowest free descriptor ≥ the argument, close-on-exec.
    private const int DuplicateCloseOnExec = 1030;

    // prctl's PR_SET_PDEATHSIG and SIGKILL: the kernel kills the worker when its parent dies.
    private const int SetParentDeathSignal = 1;
    private const int Kill = 9;

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

        // The protocol's copies must not leak into processes the target starts: a child that held
        // the parent's read end open would hide this worker's death (no end of file).
        var protocolIn = Check(DuplicateFrom(StdIn, DuplicateCloseOnExec, 3));
        var protocolOut = Check(DuplicateFrom(StdOut, DuplicateCloseOnExec, 3));
        Check(Dup2(StdErr, StdOut));
        var devNull = Check(Open("/dev/null", ReadOnly | CloseOnExec));
        Check(Dup2(devNull, StdIn));
        return (Open(protocolIn, FileAccess.Read), Open(protocolOut, FileAccess.Write));
    }

    /// <summary>
    /// Asks Linux to kill this worker when the test host dies, even in the middle of a hung
    /// run, which no check between runs would notice. Elsewhere the worker relies on
    /// <see cref="ParentId"/> between runs.
    /// </summary>
    public static void DieWithParent()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = SetDeathSignal(SetParentDeathSignal, Kill);
        }
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

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int DuplicateFrom(int fd, int command, int lowest);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int SetDeathSignal(int option, nint signal);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int from, int to);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);
}
