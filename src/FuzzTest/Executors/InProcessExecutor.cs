using FuzzTest.Targets;

namespace FuzzTest.Executors;

/// <summary>
/// Runs the target on the calling thread: the fastest executor. An exception that escapes the
/// target is a crash. Each input is first recorded in <see cref="InFlightInput"/>, so a run that
/// ends the process (stack overflow, FailFast, a hang the watchdog stops) is never lost.
/// </summary>
internal sealed class InProcessExecutor(InputInvoker invoke, InFlightInput? inFlight = null) : IExecutor
{
    /// <inheritdoc />
    public ExitKind Run(byte[] buffer, int length, out Exception? exception)
    {
        inFlight?.Begin(buffer, length);
        try
        {
            invoke(buffer, length);
            exception = null;
            return ExitKind.Ok;
        }
        catch (Exception e)
        {
            exception = e;
            return ExitKind.Crash;
        }
        finally
        {
            inFlight?.End();
        }
    }
}
