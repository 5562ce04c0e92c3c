using FuzzTest.Executors;
using FuzzTest.Forkserver;

namespace FuzzTest.Regression;

/// <summary>
/// Replays a saved input through a native program's forkserver, as a regression test: a crash
/// or a hang of the program fails the test with the signal, what the program printed on stderr
/// (a sanitizer's report) and what to do.
/// </summary>
internal static class NativeReplay
{
    /// <summary>Runs the program of <paramref name="options"/> once on <paramref name="input"/>.</summary>
    /// <exception cref="IsolatedFailureException">The program crashed or hung on the input.</exception>
    /// <exception cref="ForkserverException">The program could not be started through its forkserver.</exception>
    public static void Run(ForkserverOptions options, byte[] input, string label, string method)
    {
        RunOutcome outcome;
        try
        {
            using var executor = new ForkserverExecutor(options);
            outcome = executor.Run(input, input.Length);
        }
        catch (ForkserverException e)
        {
            throw new ForkserverException($"{method} could not run {label}: {e.Message}");
        }

        if (!outcome.Failed)
        {
            return;
        }

        var where = $"{method} on {label} ({input.Length} bytes, run by {Path.GetFileName(options.Target)} through its AFL++ forkserver)";
        throw new IsolatedFailureException(outcome.Kind == ExitKind.Timeout
            ? $"{where}: {outcome.Summary}. This input hangs the program: fix the hang, or raise [Fuzz(Timeout = ms)] if the run is just slow."
            : $"{where}: {outcome.Description}");
    }
}
