using FuzzTest.Targets;

namespace FuzzTest.Executors;

/// <summary>
/// Runs the target on the calling thread: the fastest executor. An exception that escapes the
/// target is a crash. Each input is first recorded (<see cref="IRunRecord"/>), so a run that
/// ends the process (stack overflow, FailFast, a hang the watchdog stops) is never lost.
/// </summary>
internal sealed class InProcessExecutor(InputInvoker invoke, IRunRecord? record = null) : IExecutor
{
    /// <inheritdoc />
    public RunOutcome Run(byte[] buffer, int length)
    {
        Exception? failure = null;
        record?.Begin(buffer, length);
        try
        {
            invoke(buffer, length);
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            record?.End();
        }

        // Described after the run is recorded as over: the first stack trace with file and line
        // reads the PDBs, which takes long enough to look like a hang to a watchdog.
        return failure is null ? RunOutcome.Ok : RunOutcome.Of(failure);
    }
}
