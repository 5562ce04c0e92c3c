using FuzzTest.Benchmarks.Targets;
using FuzzTest.Sessions;

namespace FuzzTest.Benchmarks.Scenarios;

/// <summary>
/// "scaling": aggregate executions per second on the magic target with one isolated worker and
/// with two fuzzing together through the LLMP broker, run back to back in one command, and their
/// ratio. On a two-core machine the ideal is 2; the broker, the session's pumps and the shared
/// memory traffic are what keep it below.
/// </summary>
internal static class ScalingScenario
{
    private const ulong Seed = 1;

    /// <summary>Runs both and prints a line each and the ratio; false (after an error line) when a figure is not valid.</summary>
    public static bool Run(TimeSpan duration)
    {
        var one = Measure(1, duration);
        var two = Measure(2, duration);
        if (one is null || two is null)
        {
            return false;
        }

        new JsonLine("ratio/scaling-2-vs-1")
            .Add("ratio", Math.Round(two.PerSecond / one.PerSecond, 4))
            .Print();
        return true;
    }

    private static Throughput? Measure(int workers, TimeSpan duration)
    {
        var name = $"scaling/magic-{workers}-worker{(workers == 1 ? "" : "s")}";
        var method = typeof(MagicTarget).GetMethod(nameof(MagicTarget.Magic))!;
        var status = new StatusLines();
        SessionReport report;
        try
        {
            report = SessionRunner.Run(method, duration, runs: null, Seed, FuzzExecutor.Isolated, status, workers);
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or IOException)
        {
            new JsonLine(name).Add("error", e.Message).Print();
            return null;
        }

        if (report.Covered == 0)
        {
            new JsonLine(name).Add("error", SessionRunner.NotInstrumented(typeof(MagicTarget).Assembly)).Print();
            return null;
        }

        foreach (var line in status.Lines)
        {
            Console.Error.WriteLine($"[bench] {name}: session: {line}");
        }

        var result = new Throughput(name, report.Executions, report.Elapsed.TotalSeconds);
        result.Print();
        return result;
    }
}
