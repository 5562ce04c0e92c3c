namespace FuzzTest.Executors;

/// <summary>How one run of the target ended.</summary>
internal enum ExitKind
{
    /// <summary>The target returned normally.</summary>
    Ok,

    /// <summary>An exception escaped the target (or, out of process, the target died).</summary>
    Crash,

    /// <summary>The run took longer than the per-input timeout.</summary>
    Timeout,
}

/// <summary>Runs the target once on an input and says how it ended.</summary>
internal interface IExecutor
{
    /// <summary>Runs the target on the first <paramref name="length"/> bytes of <paramref name="buffer"/>.</summary>
    RunOutcome Run(byte[] buffer, int length);
}
