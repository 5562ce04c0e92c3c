using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using FuzzTest.Inputs;
using FuzzTest.Sessions;
using FuzzTest.TestTargets;
using FuzzTest.Tests.TestDoubles;
using FuzzTest.Workers;
using Xunit.Abstractions;

namespace FuzzTest.Tests.Workers;

/// <summary>
/// A worker killed from outside (the OOM killer, a user) is not a bug in the target: nothing is
/// reported for the kill, the corpus kept so far stays, and a new worker goes on to the run cap.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public class IsolatedSessionKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AWorkerKilledFromOutside_IsReplaced_WithoutLosingTheCorpus_OrReportingAFinding()
    {
        using var temp = new TempFolder();

        // The target never fails, so the killed input passes when run again: the kill and
        // nothing else ended the worker. Its rungs are kept within a few thousand runs; far more
        // runs than that leave time to kill the worker while it fuzzes, and still end quickly.
        var run = await KillTheWorkerOnce(temp, typeof(FatalTargets).GetMethod(nameof(FatalTargets.Harmless))!, runs: 1_000_000, corpusEntries: 3);

        foreach (var (name, data) in run.CorpusBefore)
        {
            var file = Path.Combine(run.Paths.CorpusFolder, name);
            Assert.True(File.Exists(file), $"corpus entry {name} is gone after the kill");
            Assert.Equal(data, File.ReadAllBytes(file));
        }

        Assert.True(run.Report.CorpusCount >= run.CorpusBefore.Count);
        Assert.Contains(run.Lines, l => l.Contains("killed from outside", StringComparison.Ordinal));
        Assert.Empty(run.Report.NewFindings);
    }

    [Fact]
    public async Task AWorkerKilledWhileRunningAnInputThatThrows_ReportsOnlyTheException()
    {
        using var temp = new TempFolder();

        // Nearly every run of this target throws, so the kill lands on an input that fails when
        // run again, but for its own reason: an exception already reported, not the kill.
        var run = await KillTheWorkerOnce(temp, typeof(FatalTargets).GetMethod(nameof(FatalTargets.ThrowsOnAnyByte))!, runs: 200_000, corpusEntries: 1, failureFirst: true);

        var finding = Assert.Single(run.Report.NewFindings);
        Assert.StartsWith("System.FormatException", finding.Signature);
    }

    // Runs an isolated session on a background thread, kills its fuzzing worker once the corpus
    // has some entries (and the target's own failure, if it has one, has been reported), and
    // lets the session end by its run cap; checks what holds for every such kill.
    private async Task<KilledRun> KillTheWorkerOnce(TempFolder temp, MethodInfo method, long runs, int corpusEntries, bool failureFirst = false)
    {
        var lines = new ConcurrentQueue<string>();
        var settings = new FuzzSettings { Patterns = ["*"], Runs = runs, Seed = 7, Duration = TimeSpan.MaxValue, Executor = FuzzExecutor.Isolated };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var paths = FuzzPaths.At(temp.Path, temp.Path, method.DeclaringType!.Name, method.Name);
        var config = new SessionConfig(
            $"{method.DeclaringType.Name}.{method.Name}", (_, _) => throw new InvalidOperationException("The isolated session ran the target in the test process."),
            paths, new FuzzOptions(), settings, new QueueSink(lines), f => f, cancel.Token,
            WorkerTarget.For<PlainTargetFactory>(method, method.DeclaringType));
        var session = Task.Factory.StartNew(() => new FuzzSession(config).Run(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            // The worker waits while the session minimizes a new failure, so waiting for the
            // failure's report makes the kill hit the worker while it fuzzes.
            var before = await CorpusFolder.WaitFor(paths.CorpusFolder, corpusEntries, () => !failureFirst || lines.Any(l => l.Contains("CRASH", StringComparison.Ordinal)), session);
            var worker = ChildWorkers.Oldest();
            Process.GetProcessById(worker).Kill();
            output.WriteLine($"killed worker {worker} with {before.Count} corpus entries on disk");

            var report = await session.WaitAsync(TimeSpan.FromMinutes(3));
            foreach (var finding in report.NewFindings)
            {
                output.WriteLine($"finding {finding.Signature}: {InputPreview.Format(finding.Input)}{Environment.NewLine}{finding.Description}");
            }

            Assert.Equal(runs, report.Executions);
            Assert.DoesNotContain(report.NewFindings, f => f.Signature == WorkerDeath.KilledSignature);
            Assert.Empty(IsolatedSessionTests.LeftoverMaps());
            return new KilledRun(report, paths, before, [.. lines]);
        }
        finally
        {
            // A failed assertion must not leave the session and its workers running.
            await cancel.CancelAsync();
            await Task.WhenAny(session, Task.Delay(TimeSpan.FromMinutes(1)));
            foreach (var line in lines)
            {
                output.WriteLine(line);
            }
        }
    }

    private sealed record KilledRun(SessionReport Report, FuzzPaths Paths, Dictionary<string, byte[]> CorpusBefore, List<string> Lines);
}
