using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using FuzzTest.Benchmarks.Targets;
using FuzzTest.Runtime;
using FuzzTest.Sessions;
using FuzzTest.Workers;

namespace FuzzTest.Benchmarks.Scenarios;

/// <summary>
/// "restart" (and the second half of "isolated"): what it costs the isolated executor to
/// replace a worker, timed as a fresh <see cref="WorkerBackend"/> from construction to its first
/// completed run, next to a bare <c>dotnet exec</c> of the same worker so the figure can be read
/// as a ratio on a machine whose absolute speed varies.
/// </summary>
internal static class RestartScenario
{
    /// <summary>JSON scenario name.</summary>
    public const string Name = "isolated/restart";

    /// <summary>Timed rounds: one restart and one bare exec each.</summary>
    public const int Rounds = 10;

    // What the JSON line says was timed, so nobody has to read this file to interpret it.
    private const string Measured =
        "per round: new WorkerBackend → worker process started, target bound, Ready → first Run of \"FUZZTEST\" answered (restart); " +
        "then Dispose until the worker exited (stop); then dotnet exec of FuzzTest.Worker.dll with the same runtimeconfig/deps and no arguments until it exited (bare_exec); " +
        "one untimed warm-up round first";

    // An input that walks the whole target, so the first run JITs all of it, as a real first run may.
    private static readonly byte[] Input = "FUZZTEST"u8.ToArray();

    /// <summary>Measures <see cref="Rounds"/> rounds and prints the result; false (after an error line) when it could not.</summary>
    public static bool Run()
    {
        var target = SessionRunner.WorkerTargetFor(typeof(MagicTarget).GetMethod(nameof(MagicTarget.Magic))!);
        var restarts = new List<double>();
        var stops = new List<double>();
        var bareExecs = new List<double>();
        var bareExit = 0;
        try
        {
            // Round 0 is a warm-up: it JITs this process's side of starting a worker and pulls the
            // files into the page cache, which a session restarting a dead worker has long done.
            for (var round = 0; round <= Rounds; round++)
            {
                // Each round does both, interleaved, so a burst of load on a shared machine hits
                // both figures rather than only one of them.
                var (restart, stop) = Restart(target);
                var bare = BareExec(target, out bareExit);
                if (round > 0)
                {
                    restarts.Add(restart.TotalMilliseconds);
                    stops.Add(stop.TotalMilliseconds);
                    bareExecs.Add(bare.TotalMilliseconds);
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or IOException or Win32Exception)
        {
            new JsonLine(Name).Add("error", e.Message).Print();
            return false;
        }

        var restartMedian = Statistics.Median(restarts)!.Value;
        var bareMedian = Statistics.Median(bareExecs)!.Value;
        Console.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[bench] {Name}: restarts (ms) {string.Join(' ', restarts.Select(Format))}; bare execs (ms, exit code {bareExit}) {string.Join(' ', bareExecs.Select(Format))}"));
        new JsonLine(Name)
            .Add("rounds", Rounds)
            .Add("ms_per_restart_median", Math.Round(restartMedian, 1))
            .Add("ms_per_restart_p90", Math.Round(Statistics.Percentile(restarts, 90)!.Value, 1))
            .Add("ms_stop_median", Math.Round(Statistics.Median(stops)!.Value, 1))
            .Add("ms_bare_exec_median", Math.Round(bareMedian, 1))
            .Add("ms_bare_exec_p90", Math.Round(Statistics.Percentile(bareExecs, 90)!.Value, 1))
            .Add("bare_exec_exit_code", bareExit)
            .Add("restart_vs_bare_exec", bareMedian > 0 ? Math.Round(restartMedian / bareMedian, 2) : null)
            .Add("measured", Measured)
            .Print();
        return true;
    }

    // One worker from nothing to its first answered run, then stopped the way a session stops it.
    private static (TimeSpan Restart, TimeSpan Stop) Restart(WorkerTarget target)
    {
        var clock = Stopwatch.StartNew();
        var backend = new WorkerBackend(target, FuzzOptions.DefaultMaxLength, FuzzOptions.DefaultTimeout, _ => { });
        TimeSpan restart;
        try
        {
            var outcome = backend.Run(Input);
            restart = clock.Elapsed;
            if (outcome.Failed)
            {
                throw new InvalidOperationException($"the worker's first run failed: {outcome.Summary}");
            }

            // A start that failed and was retried would add a whole failed start to the figure.
            if (backend.WorkersStarted != 1)
            {
                throw new InvalidOperationException($"the backend needed {backend.WorkersStarted} workers for one run; a worker died during start-up");
            }
        }
        finally
        {
            clock.Restart();
            backend.Dispose();
        }

        return (restart, clock.Elapsed);
    }

    // The floor under any worker start: the same host, runtimeconfig, deps and entry assembly, but
    // no target, so the worker stops at its argument check and exits with an error at once.
    private static TimeSpan BareExec(WorkerTarget target, out int exitCode)
    {
        var start = WorkerLauncher.StartInfo(target, mapPath: "");
        foreach (var _ in target.ToArguments())
        {
            start.ArgumentList.RemoveAt(start.ArgumentList.Count - 1);
        }

        if (start.ArgumentList.Count == 0 || Path.GetFileName(start.ArgumentList[^1]) != WorkerLauncher.WorkerFileName)
        {
            throw new InvalidOperationException($"the worker's command line no longer ends with {WorkerLauncher.WorkerFileName} before the target's arguments: {string.Join(' ', start.ArgumentList)}");
        }

        start.Environment.Remove(CoverageRuntime.WorkerMapVariable);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet exec did not start");

        // Both output streams drained, so a full pipe cannot hold the exit up; stdin closed, as a
        // worker whose parent is gone sees it.
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var elapsed = clock.Elapsed;
        output.GetAwaiter().GetResult();
        error.GetAwaiter().GetResult();
        exitCode = process.ExitCode;
        return elapsed;
    }

    private static string Format(double milliseconds) => milliseconds.ToString("0.0", CultureInfo.InvariantCulture);
}
