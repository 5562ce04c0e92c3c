namespace FuzzTest.Workers;

/// <summary>How a worker process ended without finishing its run normally.</summary>
internal enum DeathKind
{
    /// <summary>The runtime reported "Stack overflow." and aborted.</summary>
    StackOverflow,

    /// <summary>
    /// <see cref="Environment.FailFast(string)"/> ("Process terminated."), a failed
    /// <c>Debug.Assert</c>, or another fatal runtime error that is not an access violation.
    /// </summary>
    FailFast,

    /// <summary>A read or write of protected memory (fatal, or an unhandled <see cref="AccessViolationException"/>).</summary>
    AccessViolation,

    /// <summary>An exception escaped a thread that nothing caught it on.</summary>
    UnhandledException,

    /// <summary>The runtime ran out of memory ("Out of memory." or an unhandled <see cref="OutOfMemoryException"/>).</summary>
    OutOfMemory,

    /// <summary>SIGKILL that FuzzTest did not send: typically the kernel's OOM killer or a user.</summary>
    Killed,

    /// <summary>Another signal, or SIGABRT without a runtime report (native code called abort()).</summary>
    Signal,

    /// <summary><see cref="Environment.Exit(int)"/>, or a return from Main, with an exit code.</summary>
    Exited,
}
