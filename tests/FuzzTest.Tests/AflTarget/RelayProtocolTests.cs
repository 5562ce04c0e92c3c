using System.Text;
using FuzzTest.Executors;
using FuzzTest.Forkserver;
using FuzzTest.Tests.Workers;

namespace FuzzTest.Tests.AflTarget;

/// <summary>
/// FuzzTest's own AFL-compatible driver (the forkserver executor) against the <c>fuzztest-afl</c>
/// relay: the handshake, coverage in the AFL map, and how each way a run ends is reported.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public class RelayProtocolTests
{
    // Long next to a run, short next to a test: "L…" inputs never return.
    private static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(2);

    [LinuxFact]
    public void The_hello_announces_the_map_size_and_shared_memory_test_cases()
    {
        using var executor = Start();

        Assert.Equal(AflProtocol.OptEnabled, executor.Hello & AflProtocol.OptEnabled);
        Assert.True(executor.SharedMemoryInput);
        var size = AflProtocol.OldMapSize(executor.Hello);
        Assert.NotNull(size);
        Assert.Equal(AflProtocol.Align(size.Value), executor.MapSize);
    }

    [LinuxFact]
    public void Runs_reuse_one_worker_and_coverage_follows_the_input_exactly()
    {
        using var executor = Start();

        var shallow = Coverage(executor, "x");
        var worker = executor.LastChildPid;
        var deeper = Coverage(executor, "FUZ!");
        var again = Coverage(executor, "x");

        Assert.True(Edges(deeper) > Edges(shallow), $"'FUZ!' covered {Edges(deeper)} bytes, 'x' {Edges(shallow)}");
        Assert.Equal(shallow, again);
        Assert.Equal(worker, executor.LastChildPid);
        Assert.NotEqual(executor.ServerPid, worker);
    }

    [LinuxFact]
    public void An_exception_is_a_crash_and_the_same_worker_serves_on()
    {
        using var executor = Start();
        Run(executor, "x");
        var worker = executor.LastChildPid;

        var crash = Run(executor, "FUZZ");
        var next = Run(executor, "x");

        Assert.Equal(ExitKind.Crash, crash.Kind);
        Assert.Equal("SIGABRT", crash.Signature);
        Assert.Equal(ExitKind.Ok, next.Kind);
        Assert.Equal(worker, executor.LastChildPid);
    }

    [LinuxFact]
    public void A_stack_overflow_ends_the_worker_and_a_warmed_up_one_gives_the_same_coverage()
    {
        using var executor = Start();
        var before = Coverage(executor, "FUZ!");
        var first = executor.LastChildPid;

        var crash = Run(executor, "S!");
        var after = Coverage(executor, "FUZ!");

        Assert.Equal(ExitKind.Crash, crash.Kind);
        Assert.Equal("SIGABRT", crash.Signature);
        Assert.NotEqual(first, executor.LastChildPid);

        // The new worker's first reported run is not its first run: no one-time coverage.
        Assert.Equal(before, after);
    }

    [LinuxFact]
    public void A_hang_is_a_timeout_the_driver_ends_by_killing_the_worker_and_the_next_run_gets_a_new_one()
    {
        var relayPid = 0;
        using (var executor = Start())
        {
            relayPid = executor.ServerPid;
            Run(executor, "x");
            var hung = executor.LastChildPid;

            var hang = Run(executor, "L!");
            var next = Run(executor, "FUZZ");

            Assert.Equal(ExitKind.Timeout, hang.Kind);
            Assert.Equal("SIGABRT", next.Signature);
            Assert.NotEqual(hung, executor.LastChildPid);
        }

        // Each worker unlinks its map once attached; a spare still starting when the relay was
        // killed does so a moment later, on its way out.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Directory.GetFiles("/dev/shm", $"fuzztest-{relayPid}-*").Length > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        Assert.Empty(Directory.GetFiles("/dev/shm", $"fuzztest-{relayPid}-*"));
    }

    private static ForkserverExecutor Start() =>
        new(new ForkserverOptions(AflLauncher.Path) { Arguments = ["AflHarness.Everything"], Timeout = HangTimeout, StartTimeout = TimeSpan.FromSeconds(60) });

    private static RunOutcome Run(ForkserverExecutor executor, string input)
    {
        var bytes = Encoding.ASCII.GetBytes(input);
        return executor.Run(bytes, bytes.Length);
    }

    private static byte[] Coverage(ForkserverExecutor executor, string input)
    {
        Assert.Equal(ExitKind.Ok, Run(executor, input).Kind);
        return executor.Coverage.ToArray();
    }

    private static int Edges(byte[] map) => map.Count(b => b != 0);
}

/// <summary>A fact that runs on Linux only (the AFL++ protocol's file descriptors and shared memory).</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> off Linux.</summary>
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "AFL++ targets are Linux only.";
    }
}
