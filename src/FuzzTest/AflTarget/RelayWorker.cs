using FuzzTest.Executors;
using FuzzTest.Forkserver;
using FuzzTest.Workers;

namespace FuzzTest.AflTarget;

/// <summary>
/// The long-lived worker process that runs inputs for afl-fuzz, and its replacement after a death.
/// .NET cannot fork, so this worker plays the part of AFL's persistent child: its pid is the one
/// afl-fuzz kills on a timeout, and every run is reported the way a persistent child's would be.
/// </summary>
/// <remarks>
/// Wait statuses (what afl-fuzz 4.04c's <c>afl_fsrv_run_target</c> does with each):
/// <list type="bullet">
/// <item>a run that returned: <see cref="Stopped"/>, as a persistent child stopped by SIGSTOP. afl-fuzz counts it Ok and keeps the pid, so a later timeout kills this worker;</item>
/// <item>a managed exception: <see cref="Aborted"/> (SIGABRT), a crash. The worker caught it and serves on;</item>
/// <item>a death: the signal that ended the worker (SIGABRT for a stack overflow or FailFast, SIGKILL when afl-fuzz killed a hang). A fresh worker serves the next run.</item>
/// </list>
/// Every new worker first runs the empty input once, unreported: static constructors, module
/// initializers and first-call paths then run before afl-fuzz measures anything, so a run's
/// coverage does not depend on whether it was the first in its process (afl-fuzz's stability).
/// </remarks>
internal sealed class RelayWorker(WorkerTarget target, Action<string> log) : IDisposable
{
    /// <summary>Status of a stopped child, <c>(SIGSTOP &lt;&lt; 8) | 0x7F</c>: the run ended normally and the process waits for the next.</summary>
    public const int Stopped = (SigStop << 8) | 0x7F;

    /// <summary>Status of a child killed by SIGABRT: a crash, as a sanitizer's abort would be.</summary>
    public const int Aborted = SigAbrt;

    private const int SigAbrt = 6;
    private const int SigStop = 19;

    /// <summary>How long the warm-up run may take: it includes compiling the target's code.</summary>
    private static readonly TimeSpan WarmUpLimit = TimeSpan.FromSeconds(30);

    /// <summary>How often a run in progress checks that afl-fuzz (our parent) is still there.</summary>
    private static readonly TimeSpan ParentCheck = TimeSpan.FromSeconds(1);

    private readonly WorkerSupply supply = new(target, AflProtocol.MaxInput);
    private readonly int parent = WorkerStdio.ParentId();
    private WorkerProcess? current;

    /// <summary>Counter bytes the warmed-up worker uses: the map size to announce.</summary>
    public int CountersUsed => Current().Map.CountersUsed;

    /// <summary>The pid of the worker that will run the next input, started and warmed up if needed.</summary>
    public int Prepare() => Current().Pid;

    /// <summary>afl-fuzz killed the last worker (a timeout): whatever state it is in, it is not used again.</summary>
    public void Discard()
    {
        if (current is { } w)
        {
            current = null;
            w.Kill();
            w.Dispose();
        }
    }

    /// <summary>Runs <paramref name="input"/> in the current worker, fills <paramref name="map"/> and returns the wait status to report.</summary>
    public int Run(byte[] input, AflCoverageMap map)
    {
        // The worker whose pid afl-fuzz was given, even if it died since: then this run reports its death.
        var w = current ?? Current();
        var result = Exchange(w, input, Timeout.InfiniteTimeSpan);
        unsafe
        {
            map.Fill(new Span<byte>(w.Map.Counters, Math.Min(w.Map.CountersUsed, w.Map.CounterCapacity)));
        }

        if (result is { } outcome)
        {
            return outcome.Failed ? Aborted : Stopped;
        }

        var death = w.Death();
        current = null;
        w.Dispose();
        log($"the worker died: {death.Summary}");

        // Process reports a signal as 128 + signal; a worker that exited by itself (the target
        // called Environment.Exit) is reported as an abort, since it did not survive the input.
        return death.ExitCode is > 128 and <= 128 + 64 ? death.ExitCode - 128 : Aborted;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        current?.Dispose();
        current = null;
        supply.Dispose();
    }

    private WorkerProcess Current()
    {
        if (current is { HasExited: false } alive)
        {
            return alive;
        }

        current?.Dispose();
        current = null;
        var w = supply.Take(0);
        if (Exchange(w, [], WarmUpLimit) is null)
        {
            var output = WorkerSupply.Tail(w.Output);
            w.Kill();
            w.Dispose();
            throw new InvalidOperationException(
                $"the worker for {target.TypeName}.{target.MethodName} did not survive its warm-up run on the empty input " +
                $"(within {WarmUpLimit.TotalSeconds:0} s). Its output:{Environment.NewLine}{output}");
        }

        unsafe
        {
            new Span<byte>(w.Map.Counters, Math.Min(w.Map.CountersUsed, w.Map.CounterCapacity)).Clear();
        }

        // Once a worker has died, the next death should cost a warm-up run, not a process start.
        // Not before: a spare is a whole runtime start-up that the short runs of afl-showmap,
        // afl-tmin and afl-cmin, which rarely kill a worker, would only pay for.
        if (supply.Started > 1)
        {
            supply.PrepareSpare();
        }

        current = w;
        return w;
    }

    // The run's outcome, or null when the worker died (or overran the limit and was killed).
    private RunOutcome? Exchange(WorkerProcess w, byte[] input, TimeSpan limit)
    {
        if (!w.Send(MessageKind.RunKeepingCoverage, m => WorkerChannel.WriteBytes(m, input)))
        {
            return null;
        }

        var deadline = limit == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + limit;
        while (true)
        {
            if (w.TryReceive(ParentCheck, out var message))
            {
                return message.Kind switch
                {
                    MessageKind.RunResult => WorkerChannel.ReadOutcome(message.Fields!),
                    null => null,
                    var other => throw new InvalidDataException($"FuzzTest: worker {w.Pid} answered a run with {other}."),
                };
            }

            // afl-fuzz times runs itself and kills the worker; we only stop waiting when it is gone.
            if (WorkerStdio.ParentId() != parent || DateTime.UtcNow > deadline)
            {
                w.Kill();
                if (WorkerStdio.ParentId() != parent)
                {
                    Environment.Exit(0);
                }
            }
        }
    }
}
