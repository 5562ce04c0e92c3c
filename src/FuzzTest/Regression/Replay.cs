using System.Runtime.ExceptionServices;
using FuzzTest.Targets;

namespace FuzzTest.Regression;

/// <summary>
/// Runs a target once on a saved input, as a regression test: an exception from the target
/// fails the test unchanged (type, message, stack with file and line); a run longer than the
/// timeout fails it with a clear message instead of blocking the test run forever.
/// </summary>
internal static class Replay
{
    /// <summary>Runs <paramref name="target"/> on <paramref name="input"/>; rethrows what the target throws.</summary>
    /// <exception cref="TimeoutException">The run did not end within <paramref name="timeout"/>.</exception>
    public static void Run(FuzzTarget target, byte[] input, TimeSpan timeout, string label)
    {
        ExceptionDispatchInfo? failure = null;
        var thread = TargetThread.Create(
            () =>
            {
                try
                {
                    target.Run(input);
                }
                catch (Exception e)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
            },
            $"FuzzTest replay {label}");
        thread.Start();

        // A paused debugger is not a hang.
        if (!thread.Join(System.Diagnostics.Debugger.IsAttached ? Timeout.InfiniteTimeSpan : timeout))
        {
            throw new TimeoutException(
                $"{SignatureCheck.Describe(target.Method)} did not finish within {timeout.TotalSeconds:0.###}s on {label} ({input.Length} bytes). " +
                "This input hangs the method: fix the hang, or raise [Fuzz(Timeout = ms)] if the run is just slow. " +
                "The in-process replay cannot stop a running method, so its thread keeps running until the test process exits.");
        }

        failure?.Throw();
    }
}
