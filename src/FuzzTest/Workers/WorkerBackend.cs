using System.Diagnostics;
using System.Globalization;
using FuzzTest.Corpus;
using FuzzTest.Executors;
using FuzzTest.Sessions;
using FuzzTest.Storage;

namespace FuzzTest.Workers;

/// <summary>
/// The isolated backend: the fuzz loop runs inside a worker process and reports only new
/// coverage and new failures. The parent watches the shared map for hangs, kills a hung worker,
/// classifies every death, and starts a new worker that continues from the corpus so far.
/// </summary>
internal sealed class WorkerBackend(WorkerTarget target, int inputCapacity, TimeSpan timeout, Action<string> say) : IFuzzBackend
{
    /// <summary>Start-up failures in a row after which the backend gives up.</summary>
    public const int MaxStartFailures = 3;

    /// <summary>How long a worker may take to load the test assembly and bind the method.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private readonly List<byte[]> kept = [];
    private readonly HashSet<string> keptHashes = [];
    private readonly HashSet<string> killers = [];
    private WorkerProcess? worker;
    private long watchedExecutions = -1;
    private long watchedSince;
    private long finishedExecutions;
    private LoopStatus last;
    private int quickDeaths;

    /// <inheritdoc />
    public string Name => "in isolated worker processes";

    /// <inheritdoc />
    public bool SurvivesProcessDeath => true;

    /// <summary>Workers started so far (the first one plus one per death).</summary>
    public int WorkersStarted { get; private set; }

    /// <inheritdoc />
    public LoopStatus Status
    {
        get
        {
            if (worker is { } w)
            {
                last = last with { Covered = w.Map.Covered, Corpus = w.Map.CorpusCount, Counters = w.Map.CountersUsed };
            }

            return last with { Executions = finishedExecutions + (worker?.Map.Executions ?? 0) };
        }
    }

    /// <inheritdoc />
    public RunOutcome Run(byte[] input)
    {
        var w = EnsureWorker(input.Length);
        if (!w.Send(MessageKind.Run, m => WorkerChannel.WriteBytes(m, input)))
        {
            return Died(w);
        }

        while (true)
        {
            switch (Next(w))
            {
                case { Death: { } death }:
                    return death;
                case { Message: { Kind: MessageKind.RunResult, Fields: { } fields } }:
                    return WorkerChannel.ReadOutcome(fields);
                case { Message: { Kind: { } other } }:
                    throw new InvalidDataException($"FuzzTest: worker {w.Pid} answered a run with {other}.");
            }
        }
    }

    /// <inheritdoc />
    public void Fuzz(FuzzPlan plan, ISessionEvents events)
    {
        for (var generation = 0; Status.Executions < plan.RunLimit && events.Tick(); generation++)
        {
            var w = EnsureWorker(0);
            var seeds = (generation == 0 ? plan.Seeds : plan.Seeds.Concat(kept))
                .Where(s => generation == 0 || !killers.Contains(AtomicFile.ContentHash(s)))
                .ToList();
            var randomSeed = generation == 0 ? plan.RandomSeed : plan.RandomSeed + (ulong)generation * 0x9E3779B97F4A7C15UL;
            var runs = plan.RunLimit == long.MaxValue ? long.MaxValue : plan.RunLimit - Status.Executions;
            var known = plan.KnownSignatures.ToList();
            w.Send(MessageKind.Fuzz, m =>
            {
                m.Write(randomSeed);
                m.Write(runs);
                m.Write(known.Count);
                known.ForEach(m.Write);
                m.Write(seeds.Count);
                seeds.ForEach(s => WorkerChannel.WriteBytes(m, s));
            });
            if (Pump(w, events, reportSeeds: generation == 0))
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        worker?.Dispose();
        worker = null;
    }

    // True when the worker finished its plan; false when it died and a new one must go on.
    private bool Pump(WorkerProcess w, ISessionEvents events, bool reportSeeds)
    {
        var nextTick = Stopwatch.GetTimestamp();
        var stopAsked = Stopwatch.GetTimestamp();
        while (true)
        {
            var step = Next(w);
            if (step.Death is { } death)
            {
                OnDeath(death, events);
                return false;
            }

            switch (step.Message)
            {
                case { Kind: MessageKind.Kept, Fields: { } fields }:
                    var data = WorkerChannel.ReadBytes(fields);
                    if (keptHashes.Add(AtomicFile.ContentHash(data)))
                    {
                        kept.Add(data);
                        events.Kept(new CorpusEntry(data, [], fields.ReadInt64()));
                    }

                    break;
                case { Kind: MessageKind.SeedsDone, Fields: { } fields }:
                    last = WorkerChannel.ReadStatus(fields) with { Executions = 0 };
                    if (reportSeeds)
                    {
                        events.SeedsDone(Status);
                    }

                    break;
                case { Kind: MessageKind.Failed, Fields: { } fields }:
                    events.Failed(WorkerChannel.ReadBytes(fields), WorkerChannel.ReadOutcome(fields));

                    // Minimizing may have killed this worker; if so the next one takes over.
                    if (worker != w || !w.Send(MessageKind.Continue))
                    {
                        return false;
                    }

                    break;
                case { Kind: MessageKind.Done, Fields: { } fields }:
                    last = WorkerChannel.ReadStatus(fields) with { Executions = 0 };
                    return true;
            }

            if (Stopwatch.GetTimestamp() >= nextTick)
            {
                nextTick = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
                if (!w.Map.StopRequested && !events.Tick())
                {
                    w.Map.StopRequested = true;
                    stopAsked = Stopwatch.GetTimestamp();
                }
                else if (w.Map.StopRequested && Stopwatch.GetElapsedTime(stopAsked) > timeout + TimeSpan.FromSeconds(5))
                {
                    // The run in progress ignores the stop and the hang check; end it.
                    w.Kill();
                }
            }
        }
    }

    private void OnDeath(RunOutcome death, ISessionEvents events)
    {
        var input = lastDeathInput;
        killers.Add(AtomicFile.ContentHash(input));
        if (lastDeathKind == DeathKind.Killed && !lastKilledByParent && !Run(input).Failed)
        {
            say($"[fuzz] worker was killed from outside (SIGKILL) while running a {input.Length}-byte input that does not fail when run again; not a finding. Starting a new worker.");
            return;
        }

        events.Failed(input, death);
    }

    private byte[] lastDeathInput = [];
    private DeathKind? lastDeathKind;
    private bool lastKilledByParent;

    // One step of waiting on a worker: a message, a death (exit or hang), or nothing yet.
    private (WorkerProcess.Message? Message, RunOutcome? Death) Next(WorkerProcess w)
    {
        if (w.TryReceive(Poll, out var message))
        {
            return message.Kind is null ? (null, Died(w)) : (message, null);
        }

        if (w.HasExited)
        {
            // Messages sent just before the end are still worth reading.
            return w.TryReceive(TimeSpan.Zero, out message) && message.Kind is not null ? (message, null) : (null, Died(w));
        }

        var executions = w.Map.Executions;
        if (executions != watchedExecutions || !w.Map.IsRunning)
        {
            watchedExecutions = executions;
            watchedSince = Stopwatch.GetTimestamp();
            return (null, null);
        }

        if (Stopwatch.GetElapsedTime(watchedSince) <= timeout)
        {
            return (null, null);
        }

        var input = w.Map.CurrentInput();
        w.Kill();
        var output = Tail(w.Output);
        Forget(w, input, DeathKind.Killed, killedByParent: true);
        var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return (null, new RunOutcome(
            ExitKind.Timeout, "timeout", $"a run took longer than the {seconds}s timeout",
            $"The target ran longer than the {seconds}s timeout on this input; the worker process was killed. " +
            $"Fix the hang, or raise [Fuzz(Timeout = ms)] if the run is just slow.{Environment.NewLine}Worker output before the kill:{Environment.NewLine}{output}"));
    }

    private RunOutcome Died(WorkerProcess w)
    {
        var input = w.Map.CurrentInput();
        var death = w.Death();
        Forget(w, input, death.Kind, w.KilledByParent);
        return new RunOutcome(
            ExitKind.Crash, death.Signature, death.Summary,
            $"The worker process died: {death.Summary} (exit code {death.ExitCode}).{Environment.NewLine}{death.Details}");
    }

    private void Forget(WorkerProcess w, byte[] input, DeathKind kind, bool killedByParent)
    {
        lastDeathInput = input;
        lastDeathKind = kind;
        lastKilledByParent = killedByParent;
        var runs = w.Map.Executions;
        finishedExecutions += runs;
        quickDeaths = runs <= 1 ? quickDeaths + 1 : 0;
        if (worker == w)
        {
            worker = null;
        }

        w.Dispose();
    }

    private WorkerProcess EnsureWorker(int inputLength)
    {
        if (worker is { HasExited: false } alive && alive.Map.InputCapacity >= inputLength)
        {
            return alive;
        }

        if (quickDeaths >= MaxStartFailures)
        {
            throw new InvalidOperationException(
                $"FuzzTest: the worker for {target.TypeName}.{target.MethodName} died on its first run {quickDeaths} times in a row, " +
                "so every input fails the same way (a static constructor, fixture or the method itself ends the process). " +
                $"Its last output:{Environment.NewLine}{lastOutput}");
        }

        worker?.Dispose();
        worker = null;
        for (var attempt = 1; ; attempt++)
        {
            var w = WorkerProcess.Start(target, Math.Max(inputCapacity, inputLength));
            WorkersStarted++;
            var started = Stopwatch.GetTimestamp();
            while (!w.HasExited || w.TryReceive(TimeSpan.Zero, out _))
            {
                if (w.TryReceive(Poll, out var message))
                {
                    if (message.Kind == MessageKind.Ready)
                    {
                        worker = w;
                        return w;
                    }

                    if (message.Kind == MessageKind.StartFailed)
                    {
                        var reason = message.Fields!.ReadString();
                        w.Dispose();
                        throw new InvalidOperationException($"FuzzTest: the worker could not prepare {target.TypeName}.{target.MethodName}: {reason}");
                    }

                    break;
                }

                if (Stopwatch.GetElapsedTime(started) > StartTimeout)
                {
                    w.Kill();
                    break;
                }
            }

            lastOutput = Tail(w.Output);
            var exit = w.Death();
            w.Dispose();
            if (attempt >= MaxStartFailures)
            {
                throw new InvalidOperationException(
                    $"FuzzTest: the worker process for {target.TypeName}.{target.MethodName} ended during start-up {attempt} times " +
                    $"({exit.Summary}). Its output:{Environment.NewLine}{lastOutput}");
            }
        }
    }

    private string lastOutput = "";

    private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];
}
