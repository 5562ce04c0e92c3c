using FuzzTest.Inputs;
using FuzzTest.Sessions;
using FuzzTest.Storage;
using FuzzTest.TestTargets;
using FuzzTest.Tests.TestDoubles;
using FuzzTest.Workers;
using Xunit.Abstractions;

namespace FuzzTest.Tests.Workers;

/// <summary>
/// Saved inputs that end the process are replayed at the start of the next isolated session
/// (each in a worker of its own, which it kills on its first run) and are reported as still
/// failing; the session then fuzzes on to its run cap.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public class IsolatedSessionReplayTests(ITestOutputHelper output)
{
    private const long Runs = 5_000;

    [Fact]
    public void SavedInputsThatEndTheWorker_AreReplayed_AndTheSessionFuzzesOn()
    {
        using var temp = new TempFolder();
        var method = typeof(FatalTargets).GetMethod(nameof(FatalTargets.FailFast))!;
        var paths = FuzzPaths.At(temp.Path, temp.Path, nameof(FatalTargets), nameof(FatalTargets.FailFast));

        // Several files of one fatal bug, as sessions with different seeds leave them: every
        // replay kills a worker on its first run, which is the input failing as it should,
        // not a worker that cannot start.
        Directory.CreateDirectory(paths.InputsFolder);
        byte[][] saved = ["E1"u8.ToArray(), "E22"u8.ToArray(), "E333"u8.ToArray(), "E4444"u8.ToArray()];
        foreach (var input in saved)
        {
            File.WriteAllBytes(Path.Combine(paths.InputsFolder, "crash-" + AtomicFile.ContentHash(input)), input);
        }

        var settings = new FuzzSettings { Patterns = ["*"], Runs = Runs, Seed = 7, Duration = TimeSpan.MaxValue, Executor = FuzzExecutor.Isolated };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var config = new SessionConfig(
            "FatalTargets.FailFast", (_, _) => throw new InvalidOperationException("The isolated session ran the target in the test process."),
            paths, new FuzzOptions(), settings, new TestOutputSink(output), f => f, cancel.Token,
            WorkerTarget.For<PlainTargetFactory>(method, method.DeclaringType!));

        var report = new FuzzSession(config).Run();

        Assert.Equal(saved.Length, report.StillFailing.Count);
        Assert.All(report.StillFailing, s => Assert.Contains("Environment.FailFast: planted", s));

        // The bug is known, so finding it again while fuzzing is nothing new.
        Assert.Empty(report.NewFindings);
        Assert.Equal(Runs, report.Executions);
        Assert.Empty(IsolatedSessionTests.LeftoverMaps());
    }
}
