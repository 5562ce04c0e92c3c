namespace FuzzTest.Forkserver;

/// <summary>
/// A raw Linux wait status, as the forkserver relays it from <c>waitpid</c>: exit code in bits
/// 8..15 when the low 7 bits are 0, a terminating signal in the low 7 bits, and
/// <c>(signal &lt;&lt; 8) | 0x7F</c> for a stopped child (a persistent target waiting for its next input).
/// </summary>
/// <param name="Raw">The status word.</param>
internal readonly record struct WaitStatus(int Raw)
{
    /// <summary>The child ended by returning or calling exit.</summary>
    public bool Exited => (Raw & 0x7F) == 0;

    /// <summary>Its exit code, when <see cref="Exited"/>.</summary>
    public int ExitCode => (Raw >> 8) & 0xFF;

    /// <summary>The child is stopped (persistent mode: it raised SIGSTOP to wait for the next input).</summary>
    public bool Stopped => (Raw & 0xFF) == 0x7F;

    /// <summary>A signal ended the child.</summary>
    public bool Signaled => !Exited && !Stopped;

    /// <summary>The signal that ended the child, when <see cref="Signaled"/>.</summary>
    public int Signal => Raw & 0x7F;

    /// <summary>"SIGSEGV" and the like: the name C programmers know the signal by.</summary>
    public static string SignalName(int signal) => signal switch
    {
        4 => "SIGILL",
        5 => "SIGTRAP",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        15 => "SIGTERM",
        31 => "SIGSYS",
        _ => $"signal {signal}",
    };

    /// <inheritdoc/>
    public override string ToString() =>
        Exited ? $"exit code {ExitCode}" : Stopped ? $"stopped by {SignalName((Raw >> 8) & 0xFF)}" : $"killed by {SignalName(Signal)}";
}
