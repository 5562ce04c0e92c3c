using FuzzTest.Executors;
using FuzzTest.Sessions;
using FuzzTest.TestTargets;
using FuzzTest.Workers;

namespace FuzzTest.Tests.Workers;

/// <summary>
/// One input at a time through a real worker process: what the session's replay and
/// minimization rely on, and what a user sees when the worker cannot even start.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public class WorkerProcessTests
{
    private static readonly WorkerTarget Ladder = For(typeof(ByteLadder), nameof(ByteLadder.Climb));

    [Fact]
    public void AnInputThatPasses_RunsOk()
    {
        using var backend = Backend(Ladder);

        var outcome = backend.Run("FUZ!"u8.ToArray());

        Assert.Equal(ExitKind.Ok, outcome.Kind);
    }

    [Fact]
    public void AnInputThatThrows_IsACrashNamingTheException_AndTheWorkerServesOn()
    {
        using var backend = Backend(Ladder);

        var outcome = backend.Run("FUZZ"u8.ToArray());
        var next = backend.Run("FUZ!"u8.ToArray());

        Assert.Equal(ExitKind.Crash, outcome.Kind);
        Assert.StartsWith("System.InvalidOperationException: reached the top of the ladder", outcome.Summary);
        Assert.StartsWith("System.InvalidOperationException at FuzzTest.TestTargets.ByteLadder.Climb", outcome.Signature);
        Assert.Equal(ExitKind.Ok, next.Kind);

        // An exception is caught inside the worker, so the same process answers both runs.
        Assert.Equal(1, backend.WorkersStarted);
    }

    [Fact]
    public void AnInputThatEndsTheWorker_IsACrash_AndTheNextRunGetsANewWorker()
    {
        using var backend = Backend(For(typeof(FatalTargets), nameof(FatalTargets.FailFast)));

        var outcome = backend.Run("E!"u8.ToArray());
        var next = backend.Run("e!"u8.ToArray());

        Assert.Equal(ExitKind.Crash, outcome.Kind);
        Assert.StartsWith("FailFast", outcome.Signature);
        Assert.Contains("Environment.FailFast: planted", outcome.Summary);
        Assert.Equal(ExitKind.Ok, next.Kind);
        Assert.Equal(2, backend.WorkersStarted);

        // The dead worker's map went with it; the live one's goes with the backend.
        backend.Dispose();
        Assert.Empty(IsolatedSessionTests.LeftoverMaps());
    }

    [Fact]
    public void AFactoryThatCannotBeFound_FailsStartUp_NamingTheMethodAndTheFactory()
    {
        using var backend = Backend(Ladder with { FactoryType = "No.Such.Factory, No.Such.Assembly" });

        var error = Assert.Throws<InvalidOperationException>(() => backend.Run([1]));

        Assert.Contains("FuzzTest.TestTargets.ByteLadder.Climb", error.Message);
        Assert.Contains("No.Such", error.Message);
        backend.Dispose();
        Assert.Empty(IsolatedSessionTests.LeftoverMaps());
    }

    private static WorkerTarget For(Type type, string methodName)
    {
        var method = type.GetMethod(methodName)!;
        return WorkerTarget.For<PlainTargetFactory>(method, method.DeclaringType!);
    }

    private static WorkerBackend Backend(WorkerTarget target) => new(target, 64, FuzzOptions.DefaultTimeout, _ => { });
}
