using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace FuzzTest.Acceptance.Tests;

/// <summary>
/// The sample fuzzed by two worker processes sharing inputs through the LLMP broker, as
/// <c>FUZZTEST_WORKERS=2 dotnet test</c> runs it, with one worker killed from outside mid-run:
/// the bugs are found and saved, and nothing saved before the kill is lost.
/// </summary>
public sealed class ParallelFuzzingTests(ITestOutputHelper output)
{
    private const string Runs = "300000";

    [Fact]
    public async Task TwoWorkersFindTheSamplesBugs_AndAKilledWorkerLosesNothing()
    {
        using var copy = SampleCopy.Create("parallel");
        copy.Log = output.WriteLine;
        copy.Build();
        var corpus = Path.Combine(copy.WorkFolder, "corpus", "TinyJsonFuzz", "Parse");

        var fuzz = Task.Run(() => copy.Test([], new Dictionary<string, string>
        {
            ["FUZZTEST_FUZZ"] = "1",
            ["FUZZTEST_SEED"] = "5",
            ["FUZZTEST_RUNS"] = Runs,
            ["FUZZTEST_WORKERS"] = "2",
        }));

        // Killed once there is something to lose: corpus entries and a saved finding.
        var (corpusBefore, findingsBefore) = await WaitForCorpus(corpus, copy.ParseInputs, entries: 30, fuzz);
        var victim = BusiestWorker(copy.Root);
        Process.GetProcessById(victim).Kill();
        output.WriteLine($"killed worker {victim} with {corpusBefore.Count} corpus entries and {findingsBefore.Count} findings saved");
        var run = await fuzz.WaitAsync(TimeSpan.FromMinutes(10));
        var why = run.Describe();
        foreach (var line in run.Output.Split('\n').Where(l => l.Contains("[fuzz]", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }

        Assert.Contains("in 2 isolated worker processes sharing inputs through an LLMP broker", run.Output, StringComparison.Ordinal);
        Assert.Contains("workers: #", run.Output, StringComparison.Ordinal);
        Assert.Contains($"done: {long.Parse(Runs, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture)} execs", run.Output, StringComparison.Ordinal);
        foreach (var (file, data) in corpusBefore.Concat(findingsBefore))
        {
            Assert.True(File.Exists(file), $"{file} was lost after the kill.\n{why}");
            Assert.Equal(data, File.ReadAllBytes(file));
        }

        // A kill from outside is not a bug of the sample.
        Assert.DoesNotContain("CRASH killed", run.Output, StringComparison.OrdinalIgnoreCase);

        // The bugs that come first in every session of this length: the stack overflow, the
        // hang and the truncated escape; the findings fail the session.
        Assert.True(run.ExitCode != 0, "The fuzz session found nothing to fail on.\n" + why);
        Assert.True(run.Output.Contains("CRASH stack overflow in TinyJson.Parser.ParseValue", StringComparison.Ordinal), "The stack overflow was not found.\n" + why);
        Assert.True(run.Output.Contains("TinyJson.Parser.ReadHex4", StringComparison.Ordinal), "The truncated-escape bug was not found.\n" + why);
        Assert.Single(copy.ParseInputNames("timeout-"));
        Assert.True(copy.ParseInputNames("crash-").Count >= 2, why);
    }

    // The files in the corpus and the findings among the saved inputs, once the corpus has grown.
    private static async Task<(Dictionary<string, byte[]> Corpus, Dictionary<string, byte[]> Findings)> WaitForCorpus(
        string corpus, string inputs, int entries, Task<ProcessResult> fuzz)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (fuzz.IsCompleted)
            {
                throw new InvalidOperationException($"The session ended before a worker could be killed.\n{(await fuzz).Describe()}");
            }

            var files = Finished(corpus);
            var findings = Finished(inputs).Where(f => !Path.GetFileName(f).StartsWith("seed-", StringComparison.Ordinal)).ToList();
            if (files.Count >= entries && findings.Count > 0)
            {
                return (files.ToDictionary(f => f, File.ReadAllBytes), findings.ToDictionary(f => f, File.ReadAllBytes));
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"The corpus {corpus} did not reach {entries} entries in 5 minutes.");
    }

    // Written to a hidden temporary file, then renamed: only the finished files count.
    private static List<string> Finished(string folder) =>
        Directory.Exists(folder) ? [.. Directory.GetFiles(folder).Where(f => !Path.GetFileName(f).StartsWith('.'))] : [];

    // The worker processes of this copy (their command line names its test assembly); the one
    // that used the most processor time fuzzes (spares wait). Linux only: reads /proc.
    private static int BusiestWorker(string copyRoot)
    {
        var busiest = (Pid: 0, Cpu: -1L);
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (!commandLine.Contains("FuzzTest.Worker.dll", StringComparison.Ordinal) || !commandLine.Contains(copyRoot, StringComparison.Ordinal))
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var cpu = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                if (cpu > busiest.Cpu)
                {
                    busiest = (pid, cpu);
                }
            }
            catch (IOException)
            {
                // Ended since it was listed.
            }
        }

        return busiest.Pid != 0 ? busiest.Pid : throw new InvalidOperationException($"No worker process of {copyRoot} found.");
    }
}
