namespace FuzzTest;

/// <summary>Where a fuzz test's target runs while it is fuzzed.</summary>
public enum FuzzExecutor
{
    /// <summary>
    /// Let FuzzTest choose: <see cref="Isolated"/> unless <c>FUZZTEST_EXECUTOR</c> says
    /// otherwise. In a plain test run, saved crash and timeout inputs replay isolated and all
    /// other inputs in process.
    /// </summary>
    Default = 0,

    /// <summary>
    /// In the test process: the fastest start, and a debugger sees everything. A stack
    /// overflow, FailFast, access violation or hang ends the test process (the input is
    /// recovered by the next session).
    /// </summary>
    InProcess = 1,

    /// <summary>
    /// In worker processes that the fuzzer re-spawns after a death: stack overflows,
    /// FailFast, access violations, exceptions on other threads, out-of-memory and hangs are
    /// each saved as findings and fuzzing goes on.
    /// </summary>
    Isolated = 2,
}
