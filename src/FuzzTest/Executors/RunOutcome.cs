using FuzzTest.Findings;

namespace FuzzTest.Executors;

/// <summary>
/// How one run ended, in a form that can cross a process boundary: the signature that
/// identifies the bug, a one-line summary and the full description (exception text or what the
/// dying process printed). In process, the exception itself is kept too.
/// </summary>
/// <param name="Kind">Ok, crash or timeout.</param>
/// <param name="Signature">Identifies the bug (see <see cref="CrashSignature"/>); empty when Ok.</param>
/// <param name="Summary">One line: "System.FormatException: bad digit", "stack overflow in …".</param>
/// <param name="Description">Everything known: exception with stack, or the worker's last output.</param>
/// <param name="Exception">The exception object, when the run happened in this process.</param>
/// <param name="EndedProcess">True when the run ended the process that ran it (a worker's death or kill).</param>
internal sealed record RunOutcome(ExitKind Kind, string Signature, string Summary, string Description, Exception? Exception = null, bool EndedProcess = false)
{
    /// <summary>The outcome of a run that returned normally.</summary>
    public static readonly RunOutcome Ok = new(ExitKind.Ok, "", "", "");

    /// <summary>True when the run failed (crash or timeout).</summary>
    public bool Failed => Kind != ExitKind.Ok;

    /// <summary>The outcome of a run that threw <paramref name="exception"/>.</summary>
    public static RunOutcome Of(Exception exception) =>
        new(ExitKind.Crash, CrashSignature.Of(exception), $"{exception.GetType().FullName}: {exception.Message}", exception.ToString(), exception);
}
