using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FuzzTest.Benchmarks.LibFuzzer;
using FuzzTest.Corpus;
using FuzzTest.Executors;
using FuzzTest.Forkserver;
using FuzzTest.Sessions;

namespace FuzzTest.Benchmarks.Scenarios;

/// <summary>
/// "forkserver": execs/s of <see cref="ForkserverExecutor"/> on an AFL++-instrumented binary
/// (fork mode, or persistent mode when the binary uses __AFL_LOOP), of a whole FuzzTest session
/// loop on it (<see cref="ForkserverBackend"/>), then afl-fuzz's own speed on the same binary for
/// the same time, and the ratios.
/// </summary>
/// <remarks>
/// The executor loop does what a fuzzer must do per run and nothing more: change the input, run
/// it, and scan the coverage map once. The session loop also mutates, judges coverage and keeps
/// a corpus, as afl-fuzz does: its ratio is the like-for-like one.
/// </remarks>
internal static class ForkserverScenario
{
    // afl-fuzz needs a seed; one plain line takes no planted branch.
    private const string Seed = "hello";

    // afl-fuzz's -V only stops the fuzz loop; calibration and shutdown come on top.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(60);

    /// <summary>Measures each of <paramref name="targets"/>; false when one could not be measured.</summary>
    public static bool Run(IReadOnlyList<string> targets, TimeSpan duration)
    {
        if (targets.Count == 0)
        {
            new JsonLine("forkserver").Add("error", "forkserver needs --target <binary built with afl-cc> (see samples/NativeTarget/build.sh)").Print();
            return false;
        }

        var ok = true;
        foreach (var target in targets)
        {
            var name = Path.GetFileName(target);
            var ours = Executor(target, name, duration);
            var session = Session(target, name, duration);
            var theirs = AflFuzz(target, name, duration);
            ok &= ours is not null && session is not null && theirs is not null;
            if (theirs is null || theirs.PerSecond <= 0) continue;
            if (ours is not null)
                new JsonLine($"ratio/forkserver-vs-afl-fuzz/{name}").Add("ratio", Math.Round(ours.PerSecond / theirs.PerSecond, 4)).Print();
            if (session is not null)
                new JsonLine($"ratio/forkserver-session-vs-afl-fuzz/{name}").Add("ratio", Math.Round(session.PerSecond / theirs.PerSecond, 4)).Print();
        }

        return ok;
    }

    private static Throughput? Executor(string target, string name, TimeSpan duration)
    {
        try
        {
            using var executor = new ForkserverExecutor(new ForkserverOptions(target));
            var input = System.Text.Encoding.ASCII.GetBytes(Seed + "-00000000");
            long runs = 0, edges = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                // A changing tail, so no run is a replay of the last; the planted checks look at the head.
                BitConverter.TryWriteBytes(input.AsSpan(input.Length - 8), runs);
                executor.Run(input, input.Length);
                edges += executor.Coverage.IndexOfAnyExcept((byte)0) >= 0 ? 1 : 0;
                runs++;
            }

            clock.Stop();
            var result = new Throughput($"forkserver/{name}", runs, clock.Elapsed.TotalSeconds);
            new JsonLine(result.Scenario)
                .Add("mode", executor.Persistent ? "persistent" : "fork")
                .Add("input", executor.SharedMemoryInput ? "shared-memory" : "stdin")
                .Add("execs", runs)
                .Add("seconds", Math.Round(result.Seconds, 3))
                .Add("execs_per_sec", Math.Round(result.PerSecond, 1))
                .Add("runs_with_coverage", edges)
                .Print();
            return result;
        }
        catch (ForkserverException e)
        {
            new JsonLine($"forkserver/{name}").Add("error", e.Message).Print();
            return null;
        }
    }

    // The engine's own loop on the program, from the same seed afl-fuzz gets, for the same time.
    private static Throughput? Session(string target, string name, TimeSpan duration)
    {
        try
        {
            using var backend = new ForkserverBackend(new ForkserverOptions(target), name, FuzzOptions.DefaultMaxLength, _ => { });
            var events = new Timed(duration);
            var clock = Stopwatch.StartNew();
            backend.Fuzz(new FuzzPlan([System.Text.Encoding.ASCII.GetBytes(Seed)], long.MaxValue, 1, events.Known, FuzzOptions.DefaultMaxLength), events);
            clock.Stop();
            var status = backend.Status;
            var result = new Throughput($"forkserver-session/{name}", status.Executions, clock.Elapsed.TotalSeconds);
            new JsonLine(result.Scenario)
                .Add("execs", status.Executions)
                .Add("seconds", Math.Round(result.Seconds, 3))
                .Add("execs_per_sec", Math.Round(result.PerSecond, 1))
                .Add("corpus", status.Corpus)
                .Add("edges", status.Covered)
                .Add("failures", events.Failures)
                .Print();
            return result;
        }
        catch (ForkserverException e)
        {
            new JsonLine($"forkserver-session/{name}").Add("error", e.Message).Print();
            return null;
        }
    }

    private static Throughput? AflFuzz(string target, string name, TimeSpan duration)
    {
        var scenario = $"afl-fuzz/{name}";
        using var folder = TempFolder.Create("fuzztest-afl-fuzz-");
        var seeds = Directory.CreateDirectory(Path.Combine(folder.Path, "in")).FullName;
        File.WriteAllText(Path.Combine(seeds, "seed"), Seed);
        var output = Path.Combine(folder.Path, "out");
        var seconds = Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds));

        // No UI, no CPU governor or core-pattern checks, no pinning: the machine is shared.
        foreach (var (key, value) in new[] { ("AFL_NO_UI", "1"), ("AFL_SKIP_CPUFREQ", "1"), ("AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1"), ("AFL_NO_AFFINITY", "1") })
            Environment.SetEnvironmentVariable(key, value);
        var run = ProcessRunner.Run("afl-fuzz", ["-i", seeds, "-o", output, "-V", seconds.ToString(CultureInfo.InvariantCulture), "--", Path.GetFullPath(target)],
            folder.Path, TimeSpan.FromSeconds(seconds) + Slack);
        var stats = Path.Combine(output, "default", "fuzzer_stats");
        if (run is null || run.TimedOut || !File.Exists(stats))
        {
            var tail = run is null ? "afl-fuzz not found (apt-get install -y afl++)" : string.Join(" | ", (run.Output + run.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));
            new JsonLine(scenario).Add("error", tail).Print();
            return null;
        }

        var text = File.ReadAllText(stats);
        var execs = long.Parse(Field(text, "execs_done"), CultureInfo.InvariantCulture);
        var perSecond = double.Parse(Field(text, "execs_per_sec"), CultureInfo.InvariantCulture);
        new JsonLine(scenario)
            .Add("execs", execs)
            .Add("seconds", double.Parse(Field(text, "run_time"), CultureInfo.InvariantCulture))
            .Add("execs_per_sec", perSecond)
            .Print();
        return new Throughput(scenario, execs, perSecond > 0 ? execs / perSecond : 0);
    }

    private static string Field(string stats, string name) =>
        Regex.Match(stats, $@"^{name}\s*:\s*(\S+)", RegexOptions.Multiline).Groups[1].Value is { Length: > 0 } value ? value : "0";

    // Stops the loop after the duration; knows each bug once reported, as a session does (a
    // known hang is then confirmed only now and then), and keeps nothing.
    private sealed class Timed(TimeSpan duration) : ISessionEvents
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();

        public HashSet<string> Known { get; } = [];

        public int Failures { get; private set; }

        public void Kept(CorpusEntry entry)
        {
        }

        public void Failed(byte[] input, RunOutcome outcome)
        {
            Failures++;
            Known.Add(outcome.Signature);
        }

        public bool Tick() => clock.Elapsed < duration;

        public void SeedsDone(LoopStatus status)
        {
        }
    }
}
