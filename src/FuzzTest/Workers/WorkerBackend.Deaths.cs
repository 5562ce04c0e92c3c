using System.Globalization;
using FuzzTest.Corpus;
using FuzzTest.Executors;
using FuzzTest.Sessions;
using FuzzTest.Storage;

namespace FuzzTest.Workers;

/// <summary>The isolated backend's watch over its workers: hangs, deaths, and what each means.</summary>
internal sealed partial class WorkerBackend
{
    /// <summary>
    /// Handles a worker's death while fuzzing: confirms a suspected hang, ignores an outside
    /// kill that does not reproduce, and reports the rest as failures of the input in the map.
    /// </summary>
    internal void OnDeath(RunOutcome death, byte[] input, bool suspectedHang, FuzzPlan plan, ISessionEvents events)
    {
        firstRunDeaths = lastDeathRuns <= 1 ? firstRunDeaths + 1 : 0;
        if (lastDeathRuns == 0)
        {
            // Nothing ran, so no input is to blame (a fixture's thread, the OOM killer, a full /dev/shm).
            say($"[fuzz] a worker died before it ran anything ({death.Summary}); not a finding. A new worker goes on.");
            return;
        }

        var hash = AtomicFile.ContentHash(input);
        killers.Add(hash);
        if (suspectedHang)
        {
            if (!suspects.ShouldConfirm(plan.KnownSignatures.Contains(TimeoutSignature)))
            {
                CountKnown("hang");
                return;
            }

            var confirmed = Run(input);
            if (!confirmed.Failed)
            {
                killers.Remove(hash);
                say(suspects.Cleared());
                return;
            }

            death = confirmed;
        }
        else if (death.Signature == WorkerDeath.KilledSignature)
        {
            var again = Run(input);
            if (!again.Failed)
            {
                killers.Remove(hash);
                say($"[fuzz] a worker was killed from outside (SIGKILL) while running a {input.Length}-byte input that passes when run again; not a finding. A new worker goes on.");
                return;
            }

            // The kill landed on an input with a bug of its own (a hang, say): that bug is the finding.
            death = again;
        }

        if (plan.KnownSignatures.Contains(death.Signature))
        {
            CountKnown(death.Summary);
        }

        events.Failed(input, death);
    }

    /// <summary>The exploration timeout, once the seeds ran; the full timeout before.</summary>
    internal TimeSpan Limit(bool seeded) => seeded ? suspects.Exploration : timeout;

    // One step of waiting on a worker: a message, a death (exit or hang), or neither yet.
    internal (WorkerProcess.Message? Message, RunOutcome? Death) Next(WorkerProcess w, TimeSpan limit)
    {
        // Checked before waiting, so that a worker answering every run at once is watched too.
        if (memory.IsOver(w, out var residentMb))
        {
            return (null, OutOfMemory(w, residentMb));
        }

        if (w.TryReceive(TimeSpan.FromMilliseconds(20), out var message))
        {
            return message.Kind is null ? (null, Died(w)) : (message, null);
        }

        // A process the target started may hold the channel open, so no end of file arrives.
        if (w.HasExited && !w.TryReceive(TimeSpan.FromMilliseconds(20), out message))
        {
            return (null, Died(w));
        }

        if (message.Kind is not null)
        {
            return (message, null);
        }

        if (!hangs.IsHung(w.Map, limit))
        {
            return (null, null);
        }

        // Dead first, then read: a run that ended at the last moment must not put the next input in the map.
        w.Kill();
        w.Death();
        var input = w.Map.CurrentInput();
        var output = WorkerSupply.Tail(w.Output);
        lastOutput = output;
        Forget(w, input);
        var span = limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return (null, new RunOutcome(
            ExitKind.Timeout, TimeoutSignature, $"a run took longer than the {span}s timeout", EndedProcess: true, Description:
            $"The target ran longer than the {span}s timeout on this input; the worker process was killed. " +
            "Fix the hang, or raise [Fuzz(Timeout = ms)] if the run is just slow." +
            (output.Length == 0 ? "" : $"{Environment.NewLine}Worker output before the kill:{Environment.NewLine}{output}")));
    }

    /// <summary>The input of the worker's last run, read from the map before the worker is forgotten.</summary>
    internal byte[] LastDeathInput { get; private set; } = [];

    private void CountKnown(string cause) => knownDeaths[cause] = knownDeaths.GetValueOrDefault(cause) + 1;

    // The run in progress is blamed, as libFuzzer does; a leak that grew over many runs then
    // does not fail again alone, and the finding is saved as it was found.
    private RunOutcome OutOfMemory(WorkerProcess w, long residentMb)
    {
        w.Kill();
        w.Death();
        var input = w.Map.CurrentInput();
        lastOutput = WorkerSupply.Tail(w.Output);
        Forget(w, input);
        var summary = string.Create(CultureInfo.InvariantCulture, $"out of memory: the worker held {residentMb} MB, over the {memory.LimitMb} MB limit");
        return new RunOutcome(
            ExitKind.Crash, ResidentMemorySignature, summary,
            $"{summary}. Managed allocation is limited to {WorkerLauncher.MemoryLimitVariable} MiB and fails with an OutOfMemoryException; " +
            "memory beyond it is native (Marshal.AllocHGlobal, a native library) or the runtime's. The worker was killed while running this input.",
            EndedProcess: true);
    }

    private RunOutcome Died(WorkerProcess w)
    {
        var death = w.Death();
        var input = w.Map.CurrentInput();
        lastOutput = WorkerSupply.Tail(w.Output);
        Forget(w, input);
        if (death.ExitCode == WorkerHost.InternalErrorExitCode)
        {
            throw new InvalidOperationException($"FuzzTest: the worker failed in FuzzTest's own code, not in the target. Please report it. Its output:{Environment.NewLine}{lastOutput}");
        }

        return new RunOutcome(
            ExitKind.Crash, death.Signature, death.Summary,
            $"The worker process died: {death.Summary} (exit code {death.ExitCode}).{Environment.NewLine}{death.Details}",
            EndedProcess: true);
    }

    private void Forget(WorkerProcess w, byte[] input)
    {
        // Under the status lock: another lane's status line must never read a map being unmapped,
        // nor count these runs twice.
        lock (state)
        {
            LastDeathInput = input;
            lastDeathRuns = w.Map.Executions;
            finishedExecutions += lastDeathRuns;
            if (ReferenceEquals(w, seededWorker))
            {
                last = WithFigures(last, w);
            }

            if (ReferenceEquals(worker, w))
            {
                worker = null;
            }

            w.Dispose();
        }
    }

    private WorkerProcess Worker(int inputLength)
    {
        if (worker is { HasExited: false } alive && alive.Map.InputCapacity >= inputLength)
        {
            return alive;
        }

        if (worker is { } old)
        {
            // Dead between requests (or too small): its runs still count.
            worker = null;
            Forget(old, []);
        }

        var taken = supply.Take(inputLength);
        lock (state)
        {
            worker = taken;
        }

        hangs.Reset();
        return taken;
    }
}
