using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using FuzzTest.Inputs;
using FuzzTest.Sessions;
using FuzzTest.TestTargets;
using FuzzTest.Tests.TestDoubles;
using FuzzTest.Workers;
using Xunit.Abstractions;

namespace FuzzTest.Tests.Workers;

/// <summary>
/// Two isolated workers fuzzing one method together through the LLMP broker: one finding per
/// bug however many workers hit it, the corpus written by the session alone, and a worker
/// killed mid-run replaced by one that catches up from the broadcast history.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public partial class ParallelSessionTests(ITestOutputHelper output)
{
    [Fact]
    public void TwoWorkers_FindTheLaddersBug_AndReportItOnce()
    {
        using var temp = new TempFolder();
        var method = typeof(ByteLadder).GetMethod(nameof(ByteLadder.Climb))!;
        var lines = new ConcurrentQueue<string>();

        var (report, paths) = Fuzz(temp, method, runs: 3_000_000, lines);

        var finding = Assert.Single(report.NewFindings);
        Assert.StartsWith("System.InvalidOperationException", finding.Signature);
        Assert.Equal("FUZZ"u8.ToArray(), finding.Input);
        Assert.Single(Directory.GetFiles(paths.InputsFolder, "crash-*"));
        Assert.Contains(lines, l => l.Contains("in 2 isolated worker processes sharing inputs through an LLMP broker", StringComparison.Ordinal));
        Assert.Equal(3_000_000, report.Executions);
        Assert.True(Directory.GetFiles(paths.CorpusFolder).Length >= 3, "the ladder's rungs were not kept");

        // The last line gives each worker's figures: the workers took each other's rungs.
        Assert.Contains(PerWorker(lines.Last(l => l.Contains("workers: ", StringComparison.Ordinal))), w => w.Imported > 0);
        Assert.Empty(IsolatedSessionTests.LeftoverMaps());
        Assert.Empty(LeftoverBrokerPages());
    }

    [Fact]
    public async Task AWorkerKilledMidRun_IsReplaced_CatchesUpFromTheBroadcast_AndNothingSavedIsLost()
    {
        using var temp = new TempFolder();
        var method = typeof(FatalTargets).GetMethod(nameof(FatalTargets.Harmless))!;
        var lines = new ConcurrentQueue<string>();
        const long runs = 10_000_000;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var paths = FuzzPaths.At(temp.Path, temp.Path, method.DeclaringType!.Name, method.Name);
        var session = Task.Factory.StartNew(() => Session(paths, method, runs, lines, cancel.Token).Run(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            var before = await CorpusFolder.WaitFor(paths.CorpusFolder, 3, () => true, session);

            // A worker that has fuzzed for a second of processor time, not a spare still starting.
            var victim = await BusyWorker(session);
            Process.GetProcessById(victim).Kill();
            var killedAt = lines.Count;
            output.WriteLine($"killed worker {victim} with {before.Count} corpus entries on disk");

            var report = await session.WaitAsync(TimeSpan.FromMinutes(4));

            foreach (var (name, data) in before)
            {
                Assert.Equal(data, File.ReadAllBytes(Path.Combine(paths.CorpusFolder, name)));
            }

            Assert.Empty(report.NewFindings);
            Assert.Equal(runs, report.Executions);
            Assert.Contains(lines, l => l.Contains("killed from outside", StringComparison.Ordinal));

            // Workers #1 and #2 started first; the replacement registered later and, starting
            // from no seeds of its own, took the others' finds from the broadcast history. The
            // session's last lines show each worker's figures.
            var replacements = lines.Skip(killedAt).SelectMany(PerWorker).Where(w => w.Client > 2).ToList();
            Assert.NotEmpty(replacements);
            Assert.Contains(replacements, w => w.Imported >= 1);
            Assert.Empty(IsolatedSessionTests.LeftoverMaps());
        }
        finally
        {
            await cancel.CancelAsync();
            await Task.WhenAny(session, Task.Delay(TimeSpan.FromMinutes(1)));
            foreach (var line in lines)
            {
                output.WriteLine(line);
            }
        }
    }

    // The broker's broadcast pages, named after this process, go when the session ends.
    private static string[] LeftoverBrokerPages() =>
        Directory.GetFiles(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"fuzztest-llmp-{Environment.ProcessId}-*");

    private (SessionReport Report, FuzzPaths Paths) Fuzz(TempFolder temp, MethodInfo method, long runs, ConcurrentQueue<string> lines)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var paths = FuzzPaths.At(temp.Path, temp.Path, method.DeclaringType!.Name, method.Name);
        try
        {
            return (Session(paths, method, runs, lines, cancel.Token).Run(), paths);
        }
        finally
        {
            foreach (var line in lines)
            {
                output.WriteLine(line);
            }
        }
    }

    private static FuzzSession Session(FuzzPaths paths, MethodInfo method, long runs, ConcurrentQueue<string> lines, CancellationToken cancel)
    {
        var settings = new FuzzSettings { Patterns = ["*"], Runs = runs, Seed = 11, Duration = TimeSpan.MaxValue, Executor = FuzzExecutor.Isolated, Workers = 2 };
        return new FuzzSession(new SessionConfig(
            $"{method.DeclaringType!.Name}.{method.Name}", (_, _) => throw new InvalidOperationException("The isolated session ran the target in the test process."),
            paths, new FuzzOptions(), settings, new QueueSink(lines), f => f, cancel,
            WorkerTarget.For<PlainTargetFactory>(method, method.DeclaringType)));
    }

    // "#3 1,234/s corpus 5 (imported 4) cov 12 found 0" in a status line.
    private static IEnumerable<(int Client, int Imported)> PerWorker(string line) =>
        WorkerFigures().Matches(line).Select(m => (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));

    private static async Task<int> BusyWorker(Task session)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && !session.IsCompleted)
        {
            // Processor time in clock ticks (100 a second).
            if (ChildWorkers.List().OrderByDescending(w => w.Cpu).FirstOrDefault() is { Cpu: >= 100 } busy)
            {
                return busy.Pid;
            }

            await Task.Delay(20);
        }

        throw new InvalidOperationException("No worker used a second of processor time; the session ended or stalled.", session.Exception);
    }

    [GeneratedRegex(@"#(\d+) [\d,]+/s corpus \d+ \(imported (\d+)\)")]
    private static partial Regex WorkerFigures();
}
