using System.Globalization;
using FuzzTest.Benchmarks.Targets;
using FuzzTest.Benchmarks.TinyJsonBugs;
using FuzzTest.Findings;

namespace FuzzTest.Benchmarks.Scenarios;

/// <summary>
/// "ttf": how long the engine takes to find each planted TinyJson bug, as medians over several
/// seeds, because a single session's time to find is mostly luck.
/// </summary>
internal static class TimeToFindScenario
{
    /// <summary>Execution cap of each session; the time cap comes from the command line.</summary>
    public const long MaxExecutions = 5_000_000;

    /// <summary>Runs seeds 1..<paramref name="seeds"/> and prints one line per bug; false (after an error line) when the figures are not valid.</summary>
    public static bool Run(int seeds, TimeSpan timeCap)
    {
        var method = typeof(TinyJsonTarget).GetMethod(nameof(TinyJsonTarget.Parse))!;
        var bugs = Enum.GetValues<TinyJsonBug>();
        var firsts = bugs.ToDictionary(b => b, _ => new List<Finding>());
        for (var seed = 1; seed <= seeds; seed++)
        {
            // Each session gets a fresh temp folder (SessionRunner), so no corpus or finding carries over.
            var report = SessionRunner.Run(method, timeCap, MaxExecutions, (ulong)seed, FuzzExecutor.InProcess);
            var assembly = typeof(TinyJson.TinyJson).Assembly;
            if (!SessionRunner.IsInstrumented(assembly))
            {
                new JsonLine("ttf/tinyjson").Add("error", SessionRunner.NotInstrumented(assembly)).Print();
                return false;
            }

            var found = new Dictionary<TinyJsonBug, Finding>();
            foreach (var finding in report.NewFindings)
            {
                if (BugClassifier.Classify(finding) is not { } bug)
                {
                    Console.Error.WriteLine($"[bench] ttf seed {seed}: finding not a planted bug: {finding.Signature}");
                }
                else if (!found.TryGetValue(bug, out var earlier) || finding.FoundAtExecution < earlier.FoundAtExecution)
                {
                    found[bug] = finding;
                }
            }

            foreach (var (bug, finding) in found)
            {
                firsts[bug].Add(finding);
            }

            Console.Error.WriteLine(Describe(seed, report.Executions, report.Elapsed, found));
        }

        foreach (var bug in bugs)
        {
            var hits = firsts[bug];
            new JsonLine($"ttf/tinyjson/{BugClassifier.Name(bug)}")
                .Add("seeds", seeds)
                .Add("found", hits.Count)
                .Add("median_seconds", Round(Statistics.Median(hits.Select(f => f.FoundAfter.TotalSeconds)), 3))
                .Add("median_execs", Statistics.Median(hits.Select(f => (double)f.FoundAtExecution)))
                .Print();
        }

        return true;
    }

    private static double? Round(double? value, int digits) => value is { } v ? Math.Round(v, digits) : null;

    private static string Describe(int seed, long executions, TimeSpan elapsed, Dictionary<TinyJsonBug, Finding> found)
    {
        var bugs = Enum.GetValues<TinyJsonBug>().Select(b => found.TryGetValue(b, out var f)
            ? string.Create(CultureInfo.InvariantCulture, $"{BugClassifier.Name(b)} {f.FoundAfter.TotalSeconds:0.000}s/{f.FoundAtExecution:N0} execs")
            : $"{BugClassifier.Name(b)} not found");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[bench] ttf seed {seed}: {executions:N0} execs in {elapsed.TotalSeconds:0.0}s; {string.Join(", ", bugs)}");
    }
}
