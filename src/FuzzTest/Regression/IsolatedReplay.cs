using FuzzTest.Executors;
using FuzzTest.Workers;

namespace FuzzTest.Regression;

/// <summary>
/// Replays a saved failure in a worker process: an input that overflows the stack, calls
/// FailFast or hangs fails its own test case with a clear message, and the test run goes on.
/// </summary>
internal static class IsolatedReplay
{
    /// <summary>How long a worker is watched after a run that passed, for failures on other threads.</summary>
    public static readonly TimeSpan LateFailureGrace = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs <paramref name="target"/> on <paramref name="input"/> in a new worker.</summary>
    /// <exception cref="IsolatedFailureException">The run threw, killed the worker, or hung.</exception>
    public static void Run(WorkerTarget target, byte[] input, TimeSpan timeout, string label, string method)
    {
        RunOutcome outcome;
        using (var backend = new WorkerBackend(target, input.Length, timeout, static _ => { }))
        {
            outcome = backend.Run(input);

            // An exception on a thread the target started but did not wait for (a timer, a
            // fire-and-forget task) kills the worker just after the run: give it that moment.
            if (!outcome.Failed)
            {
                outcome = backend.Linger(LateFailureGrace);
            }
        }

        if (!outcome.Failed)
        {
            return;
        }

        var where = $"{method} on {label} ({input.Length} bytes, replayed in an isolated worker process)";
        throw new IsolatedFailureException(outcome.Kind switch
        {
            ExitKind.Timeout => $"{where}: {outcome.Summary}. This input hangs the method: fix the hang, or raise [Fuzz(Timeout = ms)] if the run is just slow.",
            _ when outcome.EndedProcess => $"{outcome.Summary} — {where}.{Environment.NewLine}{outcome.Description}",
            _ => $"{where} threw {outcome.Description}",
        });
    }
}
