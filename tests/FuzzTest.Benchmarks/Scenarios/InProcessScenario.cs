using System.Globalization;
using FuzzTest.Benchmarks.Targets;

namespace FuzzTest.Benchmarks.Scenarios;

/// <summary>
/// "inprocess": the engine's executions per second on the magic target, the figure that
/// <see cref="LibFuzzerScenario"/> gives for libFuzzer on the same logic.
/// </summary>
internal static class InProcessScenario
{
    /// <summary>JSON scenario name.</summary>
    public const string Name = "inprocess/magic";

    // Fixed, so two runs on one machine fuzz the same inputs and differ only in speed.
    private const ulong Seed = 1;

    /// <summary>Fuzzes for <paramref name="duration"/> and prints the result; null (after an error line) when the figure is not valid.</summary>
    public static Throughput? Run(TimeSpan duration)
    {
        var method = typeof(MagicTarget).GetMethod(nameof(MagicTarget.Magic))!;
        var report = SessionRunner.Run(method, duration, runs: null, Seed, FuzzExecutor.InProcess);
        var assembly = typeof(MagicTarget).Assembly;
        if (!SessionRunner.IsInstrumented(assembly))
        {
            new JsonLine(Name).Add("error", SessionRunner.NotInstrumented(assembly)).Print();
            return null;
        }

        Console.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[bench] {Name}: corpus {report.CorpusCount}, counters covered {report.Covered}, \"FUZZTEST\" {(MagicTarget.Reached ? "reached" : "not reached")}"));
        var result = new Throughput(Name, report.Executions, report.Elapsed.TotalSeconds);
        result.Print();
        return result;
    }
}
