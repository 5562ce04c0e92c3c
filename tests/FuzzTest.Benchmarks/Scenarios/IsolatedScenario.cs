using System.Globalization;
using FuzzTest.Benchmarks.Targets;
using FuzzTest.Sessions;

namespace FuzzTest.Benchmarks.Scenarios;

/// <summary>
/// "isolated": the engine's executions per second on the magic target with the isolated
/// executor, where the fuzz loop runs in a worker process and the session only hears about new
/// coverage and failures; the figure to compare with <see cref="InProcessScenario"/>'s.
/// </summary>
internal static class IsolatedScenario
{
    /// <summary>JSON scenario name.</summary>
    public const string Name = "isolated/magic";

    // The in-process scenario's seed, so both fuzz the same inputs in the same order.
    private const ulong Seed = 1;

    // The backend's own name for itself (WorkerBackend.Name), as the session's opening line shows it.
    private const string IsolatedBackend = "in isolated worker processes";

    /// <summary>Fuzzes for <paramref name="duration"/> and prints the result; null (after an error line) when the figure is not valid.</summary>
    public static Throughput? Run(TimeSpan duration)
    {
        var method = typeof(MagicTarget).GetMethod(nameof(MagicTarget.Magic))!;
        var status = new StatusLines();
        SessionReport report;
        try
        {
            report = SessionRunner.Run(method, duration, runs: null, Seed, FuzzExecutor.Isolated, status);
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or IOException)
        {
            // The worker could not start (FuzzTest.Worker.dll missing, a start-up failure): say why.
            return Fail(e.Message);
        }

        // A session falls back to in-process without telling the caller; that figure would be the wrong one.
        if (status.Opening is not { } opening || !opening.Contains(IsolatedBackend, StringComparison.Ordinal))
        {
            return Fail($"the session did not run {IsolatedBackend}; it said: {status.Opening ?? "nothing"}");
        }

        // The target runs in the worker, so this process never registers its counters; a covered
        // counter, counted by the worker through the shared map, shows the build instrumented it.
        if (report.Covered == 0)
        {
            return Fail(SessionRunner.NotInstrumented(typeof(MagicTarget).Assembly));
        }

        // What the session said besides its periodic status: its opening and summary, and any
        // worker replaced along the way (a death, a suspected hang that was not one), each of
        // which costs a process start and would explain a low figure.
        foreach (var line in status.Lines.Where(l => !StatusLines.IsPeriodic(l)))
        {
            Console.Error.WriteLine($"[bench] {Name}: session: {line}");
        }

        // "FUZZTEST" is reached in the worker, where this process cannot read MagicTarget.Reached;
        // inprocess's covered count on the same seed tells whether it got that far.
        Console.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[bench] {Name}: corpus {report.CorpusCount}, counters covered {report.Covered}"));
        var result = new Throughput(Name, report.Executions, report.Elapsed.TotalSeconds);
        result.Print();
        return result;
    }

    private static Throughput? Fail(string error)
    {
        new JsonLine(Name).Add("error", error).Print();
        return null;
    }
}
