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
        record?.Begin(buffer, length);
        try
        {
            invoke(buffer, length);
            return RunOutcome.Ok;
        }
        catch (Exception e)
        {
            return RunOutcome.Of(e);
        }
        finally
        {
            record?.End();
        }
    }
}
