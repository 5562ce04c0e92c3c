using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace FuzzTest.Acceptance.Tests;

/// <summary>
/// The main story, in the order a user lives it: fuzz the sample and get crash files, see them
/// fail the next plain run, replay one with the printed command, fix the code, and keep the crash
/// files as regression tests that now pass. One test on its own copy, because each step builds
/// on the files the previous one left.
/// </summary>
public sealed partial class FuzzSessionStoryTests(ITestOutputHelper output)
{
    /// <summary>
    /// The session's cap. A seed replays the same session (each worker's loop is seeded, and a
    /// worker dies at the same execution every time), so the cap is exact; 250k leaves room for
    /// small changes to the sample's code, which change its probes and so the session.
    /// </summary>
    public const string Runs = "1000000";

    /// <summary>The seed of the session.</summary>
    public const string Seed = "1";

    private const string Parse = "TinyJson.Tests.TinyJsonFuzz.Parse";

    /// <summary>
    /// The sample's fuzz test, fixed: default options (strict numbers, a depth limit) end the
    /// hang and the stack overflow, and the exceptions of the other planted bugs are accepted.
    /// </summary>
    private const string FixedFuzzTest = """
        using FuzzTest;
        using TinyJson;

        namespace TinyJson.Tests;

        public class TinyJsonFuzz
        {
            [Fuzz]
            public void Parse(ReadOnlySpan<byte> data)
            {
                try
                {
                    TinyJson.Parse(data);
                }
                catch (Exception e) when (e is TinyJsonException or IndexOutOfRangeException or InvalidOperationException)
                {
                    // Fixed for the acceptance test: these are no longer failures.
                }
            }
        }
        """;

    [Fact]
    public void FuzzingSavesCrashesThatFailAsRegressionTestsUntilTheCodeIsFixed()
    {
        using var copy = SampleCopy.Create("story");
        copy.Log = output.WriteLine;
        copy.Build();
        var seeds = copy.ParseInputNames("seed-");

        var fuzz = copy.Test([], new Dictionary<string, string>
        {
            ["FUZZTEST_FUZZ"] = "1",
            ["FUZZTEST_SEED"] = Seed,
            ["FUZZTEST_RUNS"] = Runs,

            // One worker: with several, which worker finds what first depends on timing.
            ["FUZZTEST_WORKERS"] = "1",
        });
        var crashes = AssertFuzzingFoundTheBugs(copy, fuzz);
        var timeouts = copy.ParseInputNames("timeout-");
        var findings = crashes.Concat(timeouts).ToList();

        AssertEachFindingFailsAPlainRun(copy, seeds, findings);
        AssertTheReplayCommandRunsExactlyOneInput(copy, fuzz);

        copy.WriteTestFile("TinyJsonFuzz.cs", FixedFuzzTest);
        copy.Build();
        var (fixedRun, results) = copy.TestWithResults([]);

        Assert.True(fixedRun.ExitCode == 0, fixedRun.Describe());
        Assert.Equal(crashes, copy.ParseInputNames("crash-"));
        Assert.Equal(
            findings.Concat(seeds).Select(n => $"{Parse} [{n}]").Order(StringComparer.Ordinal),
            results.Select(r => r.DisplayName).Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.True(r.Passed, TrxResult.Describe(results)));
    }

    private static IReadOnlyList<string> AssertFuzzingFoundTheBugs(SampleCopy copy, ProcessResult fuzz)
    {
        var why = fuzz.Describe();
        Assert.True(fuzz.ExitCode != 0, "The fuzz session found nothing to fail on.\n" + why);
        Assert.Contains($"{Parse} [fuzz]", fuzz.Output, StringComparison.Ordinal);

        var crashes = copy.ParseInputNames("crash-");
        Assert.True(crashes.Count >= 4, "Expected at least four crash files.\n" + why);
        Assert.All(crashes, c => Assert.Matches("^crash-[0-9a-f]{16}$", c));
        foreach (var crash in crashes)
        {
            Assert.Contains("saved:  " + Path.Combine(copy.ParseInputs, crash), fuzz.Output, StringComparison.Ordinal);
        }

        Assert.Contains("--filter \"DisplayName~crash-", fuzz.Output, StringComparison.Ordinal);

        // The planted bugs a session this long must find (README: truncated \u escape and
        // array → object → empty array); the stack or message of each is in the report.
        Assert.True(fuzz.Output.Contains("TinyJson.Parser.ReadHex4", StringComparison.Ordinal), "The truncated-escape bug was not found.\n" + why);
        Assert.True(fuzz.Output.Contains("Path tracker out of sync", StringComparison.Ordinal), "The nesting bug was not found.\n" + why);
        Assert.Contains(crashes, c => File.ReadAllBytes(Path.Combine(copy.ParseInputs, c)).AsSpan().IndexOf("\\u"u8) >= 0);

        // The magic-header bug, behind a 4-byte comparison that only the dictionary gets past,
        // minimized to exactly the magic.
        Assert.Contains(crashes, c => File.ReadAllBytes(Path.Combine(copy.ParseInputs, c)).AsSpan().SequenceEqual("#TJ1"u8));

        // The bugs that end a process: the isolated worker dies of the stack overflow and hangs
        // in the lenient-number loop; each is saved and fuzzing goes on to the end of its budget.
        Assert.True(fuzz.Output.Contains("CRASH stack overflow in TinyJson.Parser.ParseValue", StringComparison.Ordinal), "The stack overflow was not found.\n" + why);
        Assert.Contains(crashes, c => File.ReadAllBytes(Path.Combine(copy.ParseInputs, c)).AsSpan().IndexOfAnyExcept((byte)'[') is -1 or > 500);
        var timeout = Assert.Single(copy.ParseInputNames("timeout-"));
        Assert.Matches("^timeout-[0-9a-f]{16}$", timeout);
        Assert.Contains("saved:  " + Path.Combine(copy.ParseInputs, timeout), fuzz.Output, StringComparison.Ordinal);
        Assert.Contains($"done: {long.Parse(Runs, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture)} execs", fuzz.Output, StringComparison.Ordinal);

        Assert.True(Directory.Exists(copy.WorkFolder), "No .fuzz folder.\n" + why);
        var ignore = File.ReadAllLines(Path.Combine(copy.WorkFolder, ".gitignore"));
        Assert.Contains("*", ignore.Select(l => l.Trim()));
        var corpus = Path.Combine(copy.WorkFolder, "corpus", "TinyJsonFuzz", "Parse");
        Assert.True(Directory.Exists(corpus) && Directory.EnumerateFiles(corpus).Any(), $"The working corpus {corpus} is empty or missing.");
        return crashes;
    }

    // The stack overflow and the hang replay in a worker process: each fails its own test case
    // and the test run itself goes on to report every case.
    private static void AssertEachFindingFailsAPlainRun(SampleCopy copy, IReadOnlyList<string> seeds, IReadOnlyList<string> findings)
    {
        var (run, results) = copy.TestWithResults([]);
        var why = TrxResult.Describe(results) + "\n\n" + run.Describe();

        Assert.True(run.ExitCode != 0, why);
        foreach (var finding in findings)
        {
            Assert.Contains($"Failed {Parse} [{finding}]", run.Output, StringComparison.Ordinal);
            Assert.True(results.Single(r => r.DisplayName == $"{Parse} [{finding}]").Failed, why);
        }

        foreach (var seed in seeds)
        {
            Assert.True(results.Single(r => r.DisplayName == $"{Parse} [{seed}]").Passed, why);
        }

        Assert.Equal(findings.Count + seeds.Count, results.Count);
        Assert.Contains(results, r => r.Message.Contains("stack overflow in TinyJson.Parser.ParseValue", StringComparison.Ordinal));
        Assert.Contains(results, r => r.DisplayName.Contains("[timeout-", StringComparison.Ordinal) && r.Message.Contains("hangs", StringComparison.Ordinal));
    }

    private static void AssertTheReplayCommandRunsExactlyOneInput(SampleCopy copy, ProcessResult fuzz)
    {
        var match = ReplayLine().Match(fuzz.Output);
        Assert.True(match.Success, "No replay command in the output.\n" + fuzz.Describe());
        var arguments = SplitCommandLine(match.Groups["arguments"].Value);
        var filter = arguments[arguments.IndexOf("--filter") + 1];
        var crash = filter[(filter.IndexOf('~', StringComparison.Ordinal) + 1)..];

        // As printed, without --no-build: the user pastes it into the shell where they fuzzed.
        var replay = copy.Dotnet(arguments);

        Assert.True(replay.ExitCode != 0, replay.Describe());
        Assert.Contains($"Failed {Parse} [{crash}]", replay.Output, StringComparison.Ordinal);
        Assert.Matches(@"Failed:\s+1,\s+Passed:\s+0,\s+Skipped:\s+0,\s+Total:\s+1\b", replay.Output);
    }

    /// <summary>Splits a shell command line on spaces, keeping double-quoted parts (the paths and the filter) whole.</summary>
    private static List<string> SplitCommandLine(string line) =>
        [.. Argument().Matches(line).Select(m => m.Groups["quoted"].Success ? m.Groups["quoted"].Value : m.Value)];

    [GeneratedRegex("""replay: dotnet (?<arguments>test .+?)\s*$""", RegexOptions.Multiline)]
    private static partial Regex ReplayLine();

    [GeneratedRegex("""
        "(?<quoted>[^"]*)"|[^\s"]+
        """)]
    private static partial Regex Argument();
}
