using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FuzzTest.Benchmarks.LibFuzzer;

namespace FuzzTest.Benchmarks.Scenarios;

/// <summary>
/// "libfuzzer": the reference figure. The magic target's C twin runs under libFuzzer on an empty
/// corpus for the same time, on the same machine, in the same command, so the ratio between
/// the two is meaningful even where absolute speeds are not.
/// </summary>
internal static class LibFuzzerScenario
{
    /// <summary>JSON scenario name.</summary>
    public const string Name = "libfuzzer/magic";

    // Fixed like the in-process session's seed.
    private const int Seed = 1;

    // Beyond -max_total_time, libFuzzer only prints its stats and exits; this much slack covers it.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(60);

    /// <summary>Builds and runs libFuzzer for <paramref name="duration"/>; null (after an error line) when it could not.</summary>
    public static Throughput? Run(TimeSpan duration)
    {
        using var folder = TempFolder.Create("fuzztest-libfuzzer-");
        var binary = LibFuzzerBuild.Compile(folder.Path, out var error);
        if (binary is null)
        {
            return Fail(error!);
        }

        var corpus = Directory.CreateDirectory(Path.Combine(folder.Path, "corpus")).FullName;

        // libFuzzer counts whole seconds; the elapsed time below is measured, not assumed.
        var seconds = Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds));
        string[] arguments = [
            $"-max_total_time={seconds}",
            "-print_final_stats=1",
            $"-seed={Seed}",
            corpus,
        ];
        var clock = Stopwatch.StartNew();
        var run = ProcessRunner.Run(binary, arguments, folder.Path, TimeSpan.FromSeconds(seconds) + Slack)!;
        clock.Stop();

        var executed = Regex.Match(run.Error + run.Output, @"stat::number_of_executed_units:\s*(\d+)");
        if (run.TimedOut || !executed.Success)
        {
            var tail = string.Join(" | ", run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
            return Fail(run.TimedOut
                ? $"libFuzzer did not exit within {seconds}s + {Slack.TotalSeconds:0}s"
                : $"libFuzzer exited with code {run.ExitCode} without final stats: {tail}");
        }

        var result = new Throughput(Name, long.Parse(executed.Groups[1].Value, CultureInfo.InvariantCulture), clock.Elapsed.TotalSeconds);
        result.Print();
        return result;
    }

    private static Throughput? Fail(string error)
    {
        new JsonLine(Name).Add("error", error).Print();
        return null;
    }
}
