using System.Globalization;
using System.Text;
using FuzzTest.Tests.TestDoubles;
using FuzzTest.Tests.Workers;
using Xunit.Abstractions;

namespace FuzzTest.Tests.AflTarget;

/// <summary>
/// AFL++'s own tools on a FuzzTest target through the <c>fuzztest-afl</c> launcher: afl-fuzz
/// finds the planted bug with FuzzTest's coverage, afl-showmap reads that coverage, afl-tmin
/// minimizes a crash. Runs are capped by executions with a fixed seed.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public class AflToolTests(ITestOutputHelper output)
{
    // Generous: the cap is in executions; this only stops a run that went wrong.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    [AflToolFact("afl-fuzz")]
    public void Afl_fuzz_reports_stable_coverage_and_finds_the_ladder_bug()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Combine("in"));
        File.WriteAllText(folder.Combine("in", "seed"), "hello");

        var (exitCode, log) = AflLauncher.Run(
            "afl-fuzz",
            ["-i", folder.Combine("in"), "-o", folder.Combine("out"), "-s", "1", "-E", "50000", "-t", "2000", "--", AflLauncher.Path, "AflHarness.Ladder"],
            Limit,
            environment: new Dictionary<string, string> { ["AFL_BENCH_UNTIL_CRASH"] = "1" });
        output.WriteLine(log);

        Assert.Equal(0, exitCode);
        var stats = Stats(folder.Combine("out", "default", "fuzzer_stats"));
        output.WriteLine(string.Join(Environment.NewLine, stats.Select(s => $"{s.Key} = {s.Value}")));
        Assert.True(long.Parse(stats["edges_found"], CultureInfo.InvariantCulture) > 0);
        Assert.True(Percent(stats["bitmap_cvg"]) > 0);
        Assert.True(Percent(stats["stability"]) >= 99, $"stability {stats["stability"]}");
        Assert.True(long.Parse(stats["execs_done"], CultureInfo.InvariantCulture) <= 50_000);

        var crashes = Directory.GetFiles(folder.Combine("out", "default", "crashes"), "id:*");
        var crash = Assert.Single(crashes);
        Assert.StartsWith("FUZZ", Encoding.Latin1.GetString(File.ReadAllBytes(crash)));
        Assert.Contains("sig:06", crash);
    }

    [AflToolFact("afl-showmap")]
    public void Afl_showmap_sees_more_coverage_for_an_input_that_goes_deeper()
    {
        using var folder = new TempFolder();
        var shallow = Tuples(folder, "x");
        var deeper = Tuples(folder, "FUZ!");

        Assert.NotEmpty(shallow);
        Assert.True(deeper.Length > shallow.Length, $"'FUZ!' gave {deeper.Length} tuples, 'x' {shallow.Length}");
    }

    [AflToolFact("afl-tmin")]
    public void Afl_tmin_minimizes_a_crash_to_the_bytes_that_matter()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.Combine("crash"), "FUZZ followed by bytes that do not matter");

        var (exitCode, log) = AflLauncher.Run("afl-tmin", ["-i", folder.Combine("crash"), "-o", folder.Combine("small"), "--", AflLauncher.Path, "AflHarness.Ladder"], Limit);
        output.WriteLine(log);

        Assert.Equal(0, exitCode);
        Assert.Equal("FUZZ", File.ReadAllText(folder.Combine("small")));
    }

    private string[] Tuples(TempFolder folder, string input)
    {
        var inputPath = folder.Combine("input");
        var mapPath = folder.Combine("map");
        File.WriteAllText(inputPath, input);
        var (exitCode, log) = AflLauncher.Run("afl-showmap", ["-q", "-o", mapPath, "--", AflLauncher.Path, "AflHarness.Ladder"], Limit, stdin: inputPath);
        output.WriteLine(log);
        Assert.Equal(0, exitCode);
        return File.ReadAllLines(mapPath);
    }

    private static Dictionary<string, string> Stats(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim());

    private static double Percent(string value) => double.Parse(value.TrimEnd('%'), CultureInfo.InvariantCulture);
}
