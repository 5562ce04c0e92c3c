namespace FuzzTest.Targets;

/// <summary>
/// Threads that run fuzz targets get the stack of Windows' default thread (1 MiB), the smallest
/// of the supported platforms: a recursion that would overflow there overflows here too, on
/// every machine, instead of depending on the Linux stack limit (often 8 MiB) of whoever runs
/// the tests. Regression replay and worker processes use the same size, so a saved stack
/// overflow replays as one.
/// </summary>
internal static class TargetThread
{
    /// <summary>Stack size, in bytes, of a thread that runs a target.</summary>
    public const int StackSize = 1 << 20;

    /// <summary>Creates (does not start) a background thread with the target stack size.</summary>
    public static Thread Create(ThreadStart body, string name) => new(body, StackSize) { IsBackground = true, Name = name };
}
