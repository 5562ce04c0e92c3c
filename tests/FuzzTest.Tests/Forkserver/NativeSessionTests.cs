using FuzzTest.Findings;
using FuzzTest.Inputs;
using FuzzTest.Sessions;
using FuzzTest.Tests.TestDoubles;
using Xunit.Abstractions;

namespace FuzzTest.Tests.Forkserver;

/// <summary>
/// A session of a native program: the AFL map guides the same loop as managed coverage, and the
/// program's crashes and hangs are found, minimized and saved beside the test like any finding.
/// </summary>
public class NativeSessionTests(ITestOutputHelper output)
{
    [AflFact]
    public void A_plain_forkserver_session_finds_the_planted_crashes_and_saves_them_minimized()
    {
        // A child per input is slow (about a thousand a second): seeds one byte short of each
        // bug keep the run short; each seed takes a path of its own through the map.
        using var temp = new TempFolder();
        Seed(temp, "FUZa", "SEGa");
        var report = Fuzz(temp, new AflProgram(NativeTargets.Plain, AflProgram.InputFile), workers: 1, runs: 4_000);

        // One lane with a fixed seed is deterministic: the abort is found well before the cap.
        Assert.Contains(report.NewFindings, f => f.Signature == "SIGABRT");
        AssertSavedAndMinimized(report, 4_000);
    }

    [AflFact]
    public void Two_persistent_lanes_share_through_the_broker_and_find_the_planted_bugs()
    {
        // Each lane starts from every other seed: the bug one lane's seed leads to, the other
        // lane can reach only through what the broker hands it.
        using var temp = new TempFolder();
        Seed(temp, "FUZa", "SEGa");
        var lines = new List<string>();
        var report = Fuzz(temp, new AflProgram(NativeTargets.Persistent), workers: 2, lines, runs: 100_000);

        AssertSavedAndMinimized(report, 100_000);
        Assert.Contains(lines, l => l.Contains("in 2 forkservers of native-target-persistent sharing inputs through an LLMP broker"));

        // Each lane ran half of the budget; the inputs the other lane found reached it through the broker.
        var perWorker = Assert.Single(lines, l => l.Contains("Native.Target workers: #"));
        Assert.Matches(@"imported [1-9]", perWorker);
    }

    [AflFact]
    public void The_hang_is_suspected_after_a_short_timeout_confirmed_with_the_full_one_and_saved()
    {
        using var temp = new TempFolder();
        // Starting from "HANa" the hang is one byte away; the session must not stop at it.
        Seed(temp, "HANa");
        var report = Fuzz(temp, new AflProgram(NativeTargets.Persistent), workers: 1, timeout: TimeSpan.FromMilliseconds(500), runs: 200_000);

        var hang = Assert.Single(report.NewFindings, f => f.Kind == FindingKind.Timeout);
        Assert.StartsWith("HANG", System.Text.Encoding.ASCII.GetString(hang.Input));
        Assert.Contains("500 ms timeout", hang.Description);
        Assert.Equal(200_000, report.Executions);
    }

    [AflFact]
    public void The_tests_dictionary_file_feeds_the_mutator_and_finds_a_magic_value_without_seeds()
    {
        using var temp = new TempFolder();
        File.WriteAllText(Path.Combine(temp.Path, "native.dict"), "# afl-fuzz -x format\nsegv=\"SEGV\"\n");
        var lines = new List<string>();
        var report = Fuzz(temp, new AflProgram(NativeTargets.Persistent), workers: 1, lines, runs: 3_000, dictionary: "native.dict");

        Assert.Contains(lines, l => l.Contains(", 1 dictionary tokens"));
        var segv = Assert.Single(report.NewFindings, f => f.Signature == "SIGSEGV");
        Assert.Equal("SEGV"u8.ToArray(), segv.Input);
    }

    [AflFact]
    public void A_program_that_is_not_instrumented_fails_the_session_naming_it()
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<FuzzTest.Forkserver.ForkserverException>(() => Fuzz(temp, new AflProgram("/bin/true"), workers: 1));
        Assert.Contains("/bin/true", error.Message);
        Assert.Contains("afl-cc", error.Message);
    }

    private static void Seed(TempFolder temp, params string[] seeds)
    {
        var folder = PathsIn(temp).InputsFolder;
        Directory.CreateDirectory(folder);
        foreach (var seed in seeds)
        {
            File.WriteAllText(Path.Combine(folder, seed), seed);
        }
    }

    private SessionReport Fuzz(TempFolder temp, AflProgram program, int workers, List<string>? lines = null, TimeSpan? timeout = null, long runs = 10_000, string? dictionary = null)
    {
        var sink = new TestOutputSink(output);
        var settings = new FuzzSettings { Patterns = ["*"], Runs = runs, Seed = 11, Duration = TimeSpan.MaxValue, Workers = workers };
        var options = new FuzzOptions { Timeout = timeout ?? TimeSpan.FromSeconds(2), MaxLength = 8, Dictionary = dictionary };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var config = new SessionConfig("Native.Target", NotInProcess, PathsIn(temp), options, settings, new Recording(sink, lines), f => f, cancel.Token, Program: program);
        return new FuzzSession(config).Run();
    }

    // At least one planted crash found, each finding saved beside the test minimized to its
    // four trigger bytes, the session at its run cap. Inputs up to 8 bytes: each byte of a
    // trigger is an edge of its own, and a short input makes the right position likely.
    private static void AssertSavedAndMinimized(SessionReport report, long runs)
    {
        var triggers = new Dictionary<string, string> { ["SIGABRT"] = "FUZZ", ["SIGSEGV"] = "SEGV" };
        var crashes = report.NewFindings.Where(f => f.Kind == FindingKind.Crash).ToList();
        Assert.NotEmpty(crashes);
        foreach (var finding in crashes)
        {
            Assert.Equal(triggers[finding.Signature], System.Text.Encoding.ASCII.GetString(finding.Input));
            Assert.NotNull(finding.SavedPath);
            Assert.StartsWith(FindingStore.Prefix(FindingKind.Crash), Path.GetFileName(finding.SavedPath));
            Assert.Equal(finding.Input, File.ReadAllBytes(finding.SavedPath));
        }

        Assert.Equal(runs, report.Executions);
    }

    private static FuzzPaths PathsIn(TempFolder temp) => FuzzPaths.At(temp.Path, temp.Path, "Native", "Target");

    private static void NotInProcess(byte[] data, int length) =>
        throw new InvalidOperationException("A native program's session ran the managed invoker.");

    private sealed class Recording(IStatusSink inner, List<string>? lines) : IStatusSink
    {
        public void WriteLine(string line)
        {
            lines?.Add(line);
            inner.WriteLine(line);
        }
    }
}
