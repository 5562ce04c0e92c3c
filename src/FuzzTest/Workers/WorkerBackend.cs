using System.Globalization;
using FuzzTest.Corpus;
using FuzzTest.Executors;
using FuzzTest.Sessions;
using FuzzTest.Storage;

namespace FuzzTest.Workers;

/// <summary>
/// The isolated backend: the fuzz loop runs inside a worker process and reports only new
/// coverage and new failures. The parent watches the shared map for hangs, kills a hung worker,
/// classifies every death, and hands the corpus so far to a new worker, which goes on.
/// </summary>
/// <remarks>
/// While fuzzing, a run is suspected of hanging after a short exploration timeout (AFL's idea:
/// real runs are micro- to milliseconds, and a known hang found again must not cost the full
/// timeout each time). A suspect is confirmed with the full timeout in a fresh worker before it
/// is reported; a suspect that finishes doubles the exploration timeout, so slow targets adapt.
/// </remarks>
internal sealed class WorkerBackend(WorkerTarget target, int inputCapacity, TimeSpan timeout, Action<string> say) : IFuzzBackend
{
    /// <summary>The signature of every hang: without a stack to tell hangs apart, a session reports one.</summary>
    public const string TimeoutSignature = "timeout";

    /// <summary>The first exploration timeout: hundreds of times a typical run, short next to a restart.</summary>
    public static readonly TimeSpan FirstExplorationTimeout = TimeSpan.FromMilliseconds(50);

    private readonly WorkerSupply supply = new(target, inputCapacity);
    private readonly HangWatch hangs = new();
    private readonly List<byte[]> kept = [];
    private readonly HashSet<string> keptHashes = [];
    private readonly HashSet<string> killers = [];
    private TimeSpan exploration = timeout < FirstExplorationTimeout ? timeout : FirstExplorationTimeout;
    private WorkerProcess? worker;
    private WorkerProcess? seededWorker;
    private long finishedExecutions;
    private LoopStatus last;
    private int firstRunDeaths;
    private long lastDeathRuns;
    private readonly Dictionary<string, int> knownDeaths = [];
    private string lastOutput = "";

    /// <inheritdoc />
    public string Name => "in isolated worker processes";

    /// <inheritdoc />
    public bool SurvivesProcessDeath => true;

    /// <summary>Worker processes started so far.</summary>
    public int WorkersStarted => supply.Started;

    /// <inheritdoc />
    public LoopStatus Status
    {
        get
        {
            // A new worker's figures grow while it reruns the corpus; until it is done the last ones stand.
            if (worker is { } w && ReferenceEquals(w, seededWorker))
            {
                last = last with { Covered = w.Map.Covered, Corpus = w.Map.CorpusCount, Counters = w.Map.CountersUsed };
            }

            return last with { Executions = finishedExecutions + (worker?.Map.Executions ?? 0) };
        }
    }

    /// <inheritdoc />
    public RunOutcome Run(byte[] input)
    {
        var w = Worker(input.Length);
        hangs.Reset();
        if (!w.Send(MessageKind.Run, m => WorkerChannel.WriteBytes(m, input)))
        {
            return Died(w);
        }

        while (true)
        {
            var (message, death) = Next(w, timeout);
            if (death is not null)
            {
                return death;
            }

            if (message is { Kind: MessageKind.RunResult, Fields: { } fields })
            {
                return WorkerChannel.ReadOutcome(fields);
            }

            if (message is { Kind: { } other })
            {
                throw new InvalidDataException($"FuzzTest: worker {w.Pid} answered a run with {other}.");
            }
        }
    }

    /// <summary>Fuzzing workers in a row that may die on their first run before the backend gives up.</summary>
    public const int MaxFirstRunDeaths = 5;

    /// <inheritdoc />
    public void Fuzz(FuzzPlan plan, ISessionEvents events)
    {
        for (var generation = 0; Status.Executions < plan.RunLimit && events.Tick(); generation++)
        {
            if (firstRunDeaths >= MaxFirstRunDeaths)
            {
                throw new InvalidOperationException(
                    $"FuzzTest: {firstRunDeaths} workers in a row for {target.TypeName}.{target.MethodName} died on their first run, " +
                    "so every input fails the same way (a static constructor, fixture or the method itself ends the process). " +
                    $"The last one's output:{Environment.NewLine}{lastOutput}");
            }

            var w = Worker(0);
            supply.PrepareSpare();
            var seeds = generation == 0 ? [.. plan.Seeds] : plan.Seeds.Concat(kept).Where(s => !killers.Contains(AtomicFile.ContentHash(s))).ToList();
            var randomSeed = plan.RandomSeed + ((ulong)generation * 0x9E3779B97F4A7C15UL);
            var runs = RunsLeft(plan);
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
            if (new WorkerPump(this, w, plan, events, reportSeeds: generation == 0).Run())
            {
                break;
            }
        }

        if (knownDeaths.Count > 0)
        {
            // Each of these cost a worker restart: the user learns which known bug slows fuzzing down.
            var causes = string.Join(", ", knownDeaths.OrderByDescending(d => d.Value).Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Value} × {d.Key}")));
            say(string.Create(CultureInfo.InvariantCulture, $"[fuzz] {WorkersStarted} worker processes started; {knownDeaths.Values.Sum()} were ended by failures already found: {causes}"));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        worker?.Dispose();
        worker = null;
        supply.Dispose();
    }

    /// <summary>What is left of the plan's run budget, over all workers so far.</summary>
    internal long RunsLeft(FuzzPlan plan) => plan.RunLimit == long.MaxValue ? long.MaxValue : plan.RunLimit - Status.Executions;

    /// <summary>Records a corpus entry the worker kept; false when an earlier worker had kept it already.</summary>
    internal bool Keep(byte[] data)
    {
        if (!keptHashes.Add(AtomicFile.ContentHash(data)))
        {
            return false;
        }

        kept.Add(data);
        return true;
    }

    /// <summary>Remembers the status a worker reported at the end of its seeds or of its plan.</summary>
    internal void Report(LoopStatus status)
    {
        last = status with { Executions = 0 };
        seededWorker = worker;
    }

    /// <summary>True when <paramref name="w"/> is still the current worker.</summary>
    internal bool IsCurrent(WorkerProcess w) => ReferenceEquals(worker, w);

    /// <summary>
    /// Handles a worker's death while fuzzing: confirms a suspected hang, ignores an outside
    /// kill that does not reproduce, and reports the rest as failures of the input in the map.
    /// </summary>
    internal void OnDeath(RunOutcome death, byte[] input, bool suspectedHang, FuzzPlan plan, ISessionEvents events)
    {
        firstRunDeaths = lastDeathRuns <= 1 ? firstRunDeaths + 1 : 0;
        killers.Add(AtomicFile.ContentHash(input));
        if (suspectedHang)
        {
            if (plan.KnownSignatures.Contains(TimeoutSignature))
            {
                CountKnown("hang");
                return;
            }

            var confirmed = Run(input);
            if (!confirmed.Failed)
            {
                exploration = Min(timeout, exploration * 2);
                say(string.Create(CultureInfo.InvariantCulture, $"[fuzz] a run took longer than {exploration.TotalMilliseconds / 2:0} ms but finished when run again: not a hang. Slow runs are now allowed {exploration.TotalMilliseconds:0} ms while fuzzing."));
                return;
            }

            death = confirmed;
        }
        else if (death.Signature == WorkerDeath.KilledSignature && !Run(input).Failed)
        {
            say($"[fuzz] a worker was killed from outside (SIGKILL) while running a {input.Length}-byte input that passes when run again; not a finding. A new worker goes on.");
            return;
        }

        if (plan.KnownSignatures.Contains(death.Signature))
        {
            CountKnown(death.Summary);
        }

        events.Failed(input, death);
    }

    /// <summary>The exploration timeout, once the seeds ran; the full timeout before.</summary>
    internal TimeSpan Limit(bool seeded) => seeded ? exploration : timeout;

    // One step of waiting on a worker: a message, a death (exit or hang), or neither yet.
    internal (WorkerProcess.Message? Message, RunOutcome? Death) Next(WorkerProcess w, TimeSpan limit)
    {
        if (w.TryReceive(TimeSpan.FromMilliseconds(20), out var message))
        {
            return message.Kind is null ? (null, Died(w)) : (message, null);
        }

        if (!hangs.IsHung(w.Map, limit))
        {
            return (null, null);
        }

        var input = w.Map.CurrentInput();
        w.Kill();
        var output = WorkerSupply.Tail(w.Output);
        lastOutput = output;
        Forget(w, input);
        var span = limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return (null, new RunOutcome(
            ExitKind.Timeout, TimeoutSignature, $"a run took longer than the {span}s timeout",
            $"The target ran longer than the {span}s timeout on this input; the worker process was killed. " +
            "Fix the hang, or raise [Fuzz(Timeout = ms)] if the run is just slow." +
            (output.Length == 0 ? "" : $"{Environment.NewLine}Worker output before the kill:{Environment.NewLine}{output}")));
    }

    /// <summary>The input of the worker's last run, read from the map before the worker is forgotten.</summary>
    internal byte[] LastDeathInput { get; private set; } = [];

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void CountKnown(string cause) => knownDeaths[cause] = knownDeaths.GetValueOrDefault(cause) + 1;

    private RunOutcome Died(WorkerProcess w)
    {
        var input = w.Map.CurrentInput();
        var death = w.Death();
        lastOutput = WorkerSupply.Tail(w.Output);
        Forget(w, input);
        return new RunOutcome(
            ExitKind.Crash, death.Signature, death.Summary,
            $"The worker process died: {death.Summary} (exit code {death.ExitCode}).{Environment.NewLine}{death.Details}");
    }

    private void Forget(WorkerProcess w, byte[] input)
    {
        LastDeathInput = input;
        lastDeathRuns = w.Map.Executions;
        finishedExecutions += lastDeathRuns;
        if (ReferenceEquals(worker, w))
        {
            worker = null;
        }

        w.Dispose();
    }

    private WorkerProcess Worker(int inputLength)
    {
        if (worker is { HasExited: false } alive && alive.Map.InputCapacity >= inputLength)
        {
            return alive;
        }

        worker?.Dispose();
        worker = supply.Take(inputLength);
        hangs.Reset();
        return worker;
    }
}
