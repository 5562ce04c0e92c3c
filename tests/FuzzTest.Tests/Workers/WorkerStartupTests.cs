using FuzzTest.Inputs;
using FuzzTest.Sessions;
using FuzzTest.TestTargets;
using FuzzTest.Tests.TestDoubles;
using FuzzTest.Workers;

namespace FuzzTest.Tests.Workers;

/// <summary>Workers that can never do useful work: the backend gives up with a message that says why, instead of restarting them forever.</summary>
[Collection(WorkerProcessCollection.Name)]
public class WorkerStartupTests
{
    [Fact]
    public void AWorkerThatDiesDuringStartUp_IsRetriedTwice_ThenReportedWithItsOutput()
    {
        var method = typeof(ByteLadder).GetMethod(nameof(ByteLadder.Climb))!;
        var target = WorkerTarget.For<PlainTargetFactory>(method, typeof(ByteLadder));
        var before = Environment.GetEnvironmentVariable(WorkerLauncher.MemoryLimitVariable);

        // A 1 MiB GC heap is too small for the runtime itself: every worker dies before it is ready.
        Environment.SetEnvironmentVariable(WorkerLauncher.MemoryLimitVariable, "1");
        InvalidOperationException error;
        try
        {
            using var backend = new WorkerBackend(target, 64, FuzzOptions.DefaultTimeout, _ => { });
            error = Assert.Throws<InvalidOperationException>(() => backend.Run([1]));
            Assert.Equal(WorkerSupply.MaxStartFailures, backend.WorkersStarted);
        }
        finally
        {
            Environment.SetEnvironmentVariable(WorkerLauncher.MemoryLimitVariable, before);
        }

        Assert.Contains("ended during start-up 3 times", error.Message);
        Assert.Contains("ByteLadder.Climb", error.Message);
        Assert.Contains("GC heap initialization failed", error.Message);
        Assert.Empty(IsolatedSessionTests.LeftoverMaps());
    }

    [Fact]
    public void WorkersThatAllDieOnTheirFirstRun_EndTheSessionWithAClearError()
    {
        using var temp = new TempFolder();
        var method = typeof(FatalOnLoad).GetMethod(nameof(FatalOnLoad.Run))!;
        var settings = new FuzzSettings { Patterns = ["*"], Runs = 100_000, Seed = 7, Duration = TimeSpan.MaxValue, Executor = FuzzExecutor.Isolated };
        var paths = FuzzPaths.At(temp.Path, temp.Path, nameof(FatalOnLoad), method.Name);
        var config = new SessionConfig(
            "FatalOnLoad.Run", static (_, _) => throw new InvalidOperationException("ran in process"), paths, new FuzzOptions(), settings,
            new NullStatusSink(), f => f, Worker: WorkerTarget.For<PlainTargetFactory>(method, typeof(FatalOnLoad)));

        var error = Assert.Throws<InvalidOperationException>(() => new FuzzSession(config).Run());

        Assert.Contains($"{WorkerBackend.MaxFirstRunDeaths} workers in a row", error.Message);
        Assert.Contains("died on their first run", error.Message);
        Assert.Contains("FatalOnLoad: the class initializer always fails", error.Message);

        // The first death was a finding like any other, saved before the backend gave up.
        Assert.Single(Directory.GetFiles(paths.InputsFolder, "crash-*"));
        Assert.Empty(IsolatedSessionTests.LeftoverMaps());
    }
}
