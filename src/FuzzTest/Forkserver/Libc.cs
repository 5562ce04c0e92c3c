using System.Runtime.InteropServices;

namespace FuzzTest.Forkserver;

/// <summary>
/// The Linux C library calls the forkserver needs and .NET does not wrap: SysV shared memory,
/// raw pipes (the protocol reads 4-byte words with a deadline), posix_spawn with file actions
/// (to place the pipes on fds 198/199) and signals. Constants are the Linux x86-64/arm64 values.
/// </summary>
internal static unsafe partial class Libc
{
    /// <summary><c>IPC_PRIVATE</c>: a new segment with no key.</summary>
    public const int IpcPrivate = 0;

    /// <summary><c>IPC_CREAT | IPC_EXCL | 0600</c>: a fresh segment only this user can attach.</summary>
    public const int IpcCreateExclusive = 0x200 | 0x400 | OwnerOnly;

    /// <summary><c>IPC_RMID</c>: remove the segment once the last process detaches it.</summary>
    public const int IpcRemove = 0;

    /// <summary><c>O_CLOEXEC</c>: pipe ends are closed in the target unless a file action moves them.</summary>
    public const int CloseOnExec = 0x80000;

    /// <summary><c>O_WRONLY | O_CREAT | O_APPEND</c>: the target's stderr log; append so our truncation rewinds it.</summary>
    public const int AppendCreate = 0x1 | 0x40 | 0x400;

    /// <summary><c>O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC</c>: the test-case file, ours alone until a file action hands it over.</summary>
    public const int CreateEmpty = 0x2 | 0x40 | 0x200 | CloseOnExec;

    /// <summary><c>O_RDONLY</c>.</summary>
    public const int ReadOnly = 0;

    /// <summary><c>O_WRONLY</c>.</summary>
    public const int WriteOnly = 1;

    /// <summary><c>0600</c>: files only this user can read.</summary>
    public const int OwnerOnly = 0x180;

    /// <summary><c>SIGKILL</c>.</summary>
    public const int SigKill = 9;

    /// <summary><c>WNOHANG</c>: waitpid returns 0 instead of blocking while the process runs.</summary>
    public const int NoHang = 1;

    /// <summary><c>EINTR</c>: a signal interrupted the call; retry.</summary>
    public const int Interrupted = 4;

    /// <summary><c>POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSID</c> (glibc values).</summary>
    /// <remarks>
    /// The .NET runtime ignores SIGPIPE and may block signals; ignored and blocked signals survive
    /// exec, so the target gets default dispositions and an empty mask back. A new session, as
    /// afl-fuzz does, keeps the target away from our terminal's signals.
    /// </remarks>
    public const short SpawnFlags = 0x04 | 0x08 | 0x80;

    /// <summary>Bytes reserved for glibc's opaque spawn structures (file actions 80, attributes 336, sigset 128).</summary>
    public const int OpaqueSize = 512;

    [LibraryImport("libc", EntryPoint = "shmget", SetLastError = true)]
    public static partial int ShmGet(int key, nuint size, int flags);

    [LibraryImport("libc", EntryPoint = "shmat", SetLastError = true)]
    public static partial nint ShmAttach(int id, nint address, int flags);

    [LibraryImport("libc", EntryPoint = "shmdt", SetLastError = true)]
    public static partial int ShmDetach(nint address);

    [LibraryImport("libc", EntryPoint = "shmctl", SetLastError = true)]
    public static partial int ShmControl(int id, int command, nint buffer);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    public static partial int Pipe(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    public static partial nint PositionalWrite(int fd, void* buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Truncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    public static partial long Seek(int fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    public static partial int WaitPid(int pid, int* status, int options);

    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    public static partial int Spawn(int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int FileActionsInit(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int FileActionsDestroy(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static partial int FileActionsDup2(void* actions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FileActionsOpen(void* actions, int fd, string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    public static partial int AttributesInit(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    public static partial int AttributesDestroy(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    public static partial int AttributesSetFlags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    public static partial int AttributesSetSignalDefault(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int AttributesSetSignalMask(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    public static partial int SignalsEmpty(void* set);

    [LibraryImport("libc", EntryPoint = "sigfillset")]
    public static partial int SignalsFill(void* set);

    /// <summary>errno of the last call, as an <see cref="IOException"/> naming what failed.</summary>
    public static IOException Failure(string what) => new($"FuzzTest forkserver: {what} failed (errno {Marshal.GetLastPInvokeError()}).");

    /// <summary><c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        /// <summary>The descriptor.</summary>
        public int Fd;

        /// <summary>Requested events (<c>POLLIN</c> = 1).</summary>
        public short Events;

        /// <summary>Returned events.</summary>
        public short ReturnedEvents;
    }
}
