using System.Text;
using FuzzTest.Executors;
using FuzzTest.Forkserver;

namespace FuzzTest.Tests.Forkserver;

public class PersistentModeTests
{
    private static readonly TimeSpan HangTimeout = TimeSpan.FromMilliseconds(300);

    private static ForkserverExecutor Start() => new(new ForkserverOptions(NativeTargets.Persistent) { Timeout = HangTimeout });

    private static RunOutcome Run(ForkserverExecutor executor, string input)
    {
        var bytes = Encoding.ASCII.GetBytes(input);
        return executor.Run(bytes, bytes.Length);
    }

    [AflFact]
    public void A_persistent_target_is_detected_and_takes_inputs_from_shared_memory()
    {
        using var executor = Start();
        Assert.True(executor.Persistent);
        Assert.True(executor.SharedMemoryInput);
        Assert.Equal(AflProtocol.OptSharedMemoryFuzz, executor.Hello & AflProtocol.OptSharedMemoryFuzz);
    }

    [AflFact]
    public void One_child_runs_many_inputs()
    {
        using var executor = Start();
        var children = new HashSet<int>();
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(ExitKind.Ok, Run(executor, $"input {i}").Kind);
            children.Add(executor.LastChildPid);
        }
        Assert.Single(children);
        Assert.Contains(executor.Coverage.ToArray(), b => b != 0);
    }

    [AflFact]
    public void Inputs_reach_the_target_through_shared_memory_and_a_crash_gets_a_fresh_child()
    {
        using var executor = Start();
        Assert.Equal(ExitKind.Ok, Run(executor, "fine").Kind);
        var before = executor.LastChildPid;
        var crash = Run(executor, "SEGV");
        Assert.Equal("SIGSEGV", crash.Signature);
        Assert.Equal(ExitKind.Ok, Run(executor, "fine").Kind);
        Assert.NotEqual(before, executor.LastChildPid);
    }

    [AflFact]
    public void A_hang_is_killed_and_the_next_input_runs()
    {
        using var executor = Start();
        Assert.Equal(ExitKind.Ok, Run(executor, "fine").Kind);
        Assert.Equal(ExitKind.Timeout, Run(executor, "HANG").Kind);
        Assert.Equal(ExitKind.Ok, Run(executor, "fine").Kind);
        Assert.Equal("SIGABRT", Run(executor, "FUZZ").Signature);
    }
}
