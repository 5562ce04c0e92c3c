using FuzzTest.Executors;
using FuzzTest.Sessions;
using FuzzTest.TestTargets;
using FuzzTest.Workers;

namespace FuzzTest.Tests.Workers;

/// <summary>Native memory that the GC heap limit cannot see: the worker is stopped at the resident limit, as libFuzzer's -rss_limit_mb does.</summary>
[Collection(WorkerProcessCollection.Name)]
public class IsolatedSessionMemoryTests
{
    [Fact]
    public void ANativeLeak_StopsTheWorkerAtTheResidentLimit_AndIsReportedAsOutOfMemory()
    {
        var method = typeof(FatalTargets).GetMethod(nameof(FatalTargets.NativeLeak))!;
        var target = WorkerTarget.For<PlainTargetFactory>(method, typeof(FatalTargets));
        var before = Environment.GetEnvironmentVariable(WorkerLauncher.MemoryLimitVariable);

        // 256 MiB of GC heap, so the worker is stopped at 512 MiB resident: after about eight
        // leaks of 64 MiB, each of which passes on its own.
        Environment.SetEnvironmentVariable(WorkerLauncher.MemoryLimitVariable, "256");
        var outcome = RunOutcome.Ok;
        var runs = 0;
        try
        {
            using var backend = new WorkerBackend(target, 64, FuzzOptions.DefaultTimeout, _ => { });
            while (!outcome.Failed && runs < 40)
            {
                outcome = backend.Run("N!"u8.ToArray());
                runs++;
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(WorkerLauncher.MemoryLimitVariable, before);
        }

        Assert.Equal(WorkerBackend.ResidentMemorySignature, outcome.Signature);
        Assert.Equal(ExitKind.Crash, outcome.Kind);
        Assert.True(outcome.EndedProcess);
        Assert.Matches(@"^out of memory: the worker held \d+ MB, over the 512 MB limit$", outcome.Summary);
        Assert.InRange(runs, 7, 40);
        Assert.Empty(IsolatedSessionTests.LeftoverMaps());
    }
}
