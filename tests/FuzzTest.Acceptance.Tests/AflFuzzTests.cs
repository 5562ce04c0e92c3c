using System.Globalization;
using Xunit.Abstractions;

namespace FuzzTest.Acceptance.Tests;

/// <summary>
/// The other direction of AFL++ support: afl-fuzz drives the sample's [Fuzz] method through the
/// <c>fuzztest-afl</c> launcher the build writes, with FuzzTest's IL coverage in its map and
/// FuzzTest's comparison constants as its dictionary, and finds the sample's magic-header bug.
/// </summary>
public sealed class AflFuzzTests(ITestOutputHelper output)
{
    // Capped by executions with a fixed seed; on this machine the bug falls after about 3,600.
    private const string Executions = "20000";

    [AflFuzzFact]
    public void AflFuzzReportsStableCoverageAndFindsTheMagicHeaderBug()
    {
        using var copy = SampleCopy.Create("afl");
        copy.Log = output.WriteLine;
        copy.Build();
        var launcher = Path.Combine(copy.TestProjectFolder, "bin", "Debug", "net10.0", "fuzztest-afl");
        Assert.True(File.Exists(launcher), $"the build wrote no {launcher}");

        // A short seed, as AFL++'s documentation advises; README bug 1 is exactly the 4 bytes "#TJ1".
        var seeds = Path.Combine(copy.Root, "afl-seeds");
        Directory.CreateDirectory(seeds);
        File.WriteAllText(Path.Combine(seeds, "true"), "true");
        var findings = Path.Combine(copy.Root, "afl-findings");

        var run = ChildProcess.Run(
            "afl-fuzz",
            copy.Root,
            ["-i", seeds, "-o", findings, "-s", "1", "-E", Executions, "-t", "500", "--", launcher, "TinyJsonFuzz.Parse"],
            new Dictionary<string, string>
            {
                // The launcher is a script that starts dotnet: afl-fuzz finds no AFL markers in it.
                ["AFL_SKIP_BIN_CHECK"] = "1",
                ["AFL_NO_UI"] = "1",
                ["AFL_SKIP_CPUFREQ"] = "1",
                ["AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES"] = "1",
                ["AFL_NO_AFFINITY"] = "1",
            },
            TimeSpan.FromMinutes(3));
        output.WriteLine(run.Summary);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains("Using AUTODICT feature", run.Output, StringComparison.Ordinal);
        var stats = File.ReadAllLines(Path.Combine(findings, "default", "fuzzer_stats"))
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim());
        output.WriteLine(string.Join(", ", new[] { "execs_done", "execs_per_sec", "stability", "bitmap_cvg", "edges_found", "saved_crashes", "saved_hangs" }.Select(k => $"{k} {stats[k]}")));
        Assert.True(int.Parse(stats["edges_found"], CultureInfo.InvariantCulture) > 50, $"edges_found {stats["edges_found"]}");
        Assert.True(Percent(stats["stability"]) >= 95, $"stability {stats["stability"]}");

        var crashes = Directory.GetFiles(Path.Combine(findings, "default", "crashes"), "id:*");
        Assert.Contains(crashes, c => File.ReadAllBytes(c).AsSpan().SequenceEqual("#TJ1"u8));
    }

    private static double Percent(string value) => double.Parse(value.TrimEnd('%'), CultureInfo.InvariantCulture);
}

/// <summary>A fact that needs afl-fuzz; skipped, saying how to install it, when it is not on PATH.</summary>
public sealed class AflFuzzFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> off Linux or without afl-fuzz.</summary>
    public AflFuzzFactAttribute()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, "afl-fuzz")));
        if (!OperatingSystem.IsLinux())
        {
            Skip = "AFL++ targets are Linux only.";
        }
        else if (!onPath)
        {
            Skip = "afl-fuzz not found: install AFL++ with `apt-get install -y afl++` to run this test.";
        }
    }
}
