using System.Runtime.InteropServices;

namespace FuzzTest.Messaging;

/// <summary>
/// Linux futexes on a word in shared memory: one thread sleeps until the word changes or a time
/// limit passes, another wakes it. Called through libc's <c>syscall</c>, because glibc exports
/// no futex function. The operations are the shared ones (no FUTEX_PRIVATE_FLAG): the word is
/// mapped by several processes, each at its own address, and the kernel must key the wait by
/// the page rather than by one process's address. Elsewhere (another OS, another architecture,
/// a libc without <c>syscall</c>) <see cref="Supported"/> is false and <see cref="Wait"/> sleeps.
/// </summary>
internal static unsafe partial class Futex
{
    // futex(2) operations without FUTEX_PRIVATE_FLAG (128).
    private const int WaitOperation = 0;
    private const int WakeOperation = 1;

    private const long NanosecondsPerMicrosecond = 1000;
    private const long MicrosecondsPerSecond = 1_000_000;

    // SYS_futex differs per architecture (asm/unistd.h); only the two the tool runs on are known here.
    private const long X64Futex = 202;
    private const long Arm64Futex = 98;

    private static readonly long Number = !OperatingSystem.IsLinux() ? -1 : RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => X64Futex,
        Architecture.Arm64 => Arm64Futex,
        _ => -1,
    };

    private static volatile bool unavailable = Number < 0;

    /// <summary>True where futexes work; otherwise <see cref="Wait"/> sleeps and <see cref="Wake"/> does nothing.</summary>
    public static bool Supported => !unavailable;

    /// <summary>
    /// Sleeps while <paramref name="word"/> holds <paramref name="expected"/>, at most
    /// <paramref name="microseconds"/>; returns at once when it already holds something else.
    /// Also returns early on a signal: callers recheck whatever they wait for.
    /// </summary>
    public static void Wait(int* word, int expected, long microseconds)
    {
        if (!unavailable)
        {
            var timeout = new Timespec(microseconds / MicrosecondsPerSecond, microseconds % MicrosecondsPerSecond * NanosecondsPerMicrosecond);
            if (TryCall(word, WaitOperation, expected, &timeout))
            {
                return;
            }
        }

        Thread.Sleep(TimeSpan.FromMicroseconds(microseconds));
    }

    /// <summary>Wakes every thread (of any process) waiting on <paramref name="word"/>.</summary>
    public static void Wake(int* word)
    {
        if (!unavailable)
        {
            TryCall(word, WakeOperation, int.MaxValue, null);
        }
    }

    // A failure is a result (EAGAIN: the word changed; ETIMEDOUT; EINTR) except when the call
    // itself cannot be made: then never again, and the callers fall back to sleeping.
    private static bool TryCall(int* word, int operation, int value, Timespec* timeout)
    {
        try
        {
            Syscall(Number, word, operation, value, timeout, null, 0);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = true;
            return false;
        }
    }

    // long syscall(long number, ...): every argument is an integer or a pointer, which the
    // variadic and the fixed calling conventions of x86-64 and arm64 Linux pass alike.
    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial long Syscall(long number, int* word, int operation, int value, Timespec* timeout, int* word2, int value3);

    // struct timespec on 64-bit Linux.
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Timespec(long seconds, long nanoseconds)
    {
        private readonly long seconds = seconds;
        private readonly long nanoseconds = nanoseconds;
    }
}
