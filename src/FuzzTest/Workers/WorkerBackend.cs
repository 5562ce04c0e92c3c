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
internal sealed partial class WorkerBackend(WorkerTarget target, int inputCapacity, TimeSpan timeout, Action<string> say) : IFuzzBackend
{
    /// <summary>The signature of every hang: without a stack to tell hangs apart, a session reports one.</summary>
    public const string TimeoutSignature = "timeout";

    /// <summary>The signature of a worker stopped for its resident memory: no stack tells such deaths apart.</summary>
    public const string ResidentMemorySignature = "OutOfMemory (resident)";

    /// <summary>Fuzzing workers in a row that may die on their first run before the backend gives up.</summary>
    public const int MaxFirstRunDeaths = 5;

    private readonly WorkerSupply supply = new(target, inputCapacity);
    private readonly HangWatch hangs = new();
    private readonly MemoryWatch memory = new(WorkerLauncher.MemoryLimitMb());
    private readonly List<byte[]> kept = [];
    private readonly HashSet<string> keptHashes = [];
    private readonly HashSet<string> killers = [];
    private readonly object state = new();
    private readonly Dictionary<string, int> knownDeaths = [];
    private readonly HangSuspects suspects = new(timeout);
    private WorkerProcess? worker;
    private WorkerProcess? seededWorker;
    private bool seedsReported;
    private long finishedExecutions;
    private LoopStatus last;
    private int firstRunDeaths;
    private long lastDeathRuns;
    private string lastOutput = "";

    /// <inheritdoc />
    public string Name => "in isolated worker processes";

    /// <inheritdoc />
    public bool SurvivesProcessDeath => true;

    /// <summary>
    /// Gives the port of the LLMP broker each new worker shares inputs through (asked once per
    /// worker: the broker may have moved), or null when workers fuzz alone. A sharing worker
    /// that replaces a dead one starts from the seeds and catches up from the broker's broadcast
    /// history instead of this backend's own corpus.
    /// </summary>
    public Func<int>? Broker { get; init; }

    /// <summary>Worker processes started so far.</summary>
    public int WorkersStarted => supply.Started;

    /// <inheritdoc />
    public LoopStatus Status
    {
        get
        {
            // Read by the session from other lanes' threads too (several workers): the lock keeps
            // the current worker's map mapped while it is read.
            lock (state)
            {
                // A new worker's figures grow while it reruns the corpus; until it is done the last ones stand.
                var status = worker is { } w && ReferenceEquals(w, seededWorker) ? WithFigures(last, w) : last;
                return status with { Executions = finishedExecutions + (worker?.Map.Executions ?? 0) };
            }
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

    /// <summary>
    /// Watches the current worker for <paramref name="grace"/> after a run that passed: a
    /// failure on a thread the target left running shows up as its death.
    /// </summary>
    public RunOutcome Linger(TimeSpan grace)
    {
        var until = DateTime.UtcNow + grace;
        while (worker is { } w && DateTime.UtcNow < until)
        {
            if (Next(w, timeout) is { Death: { } death })
            {
                return death;
            }
        }

        return RunOutcome.Ok;
    }

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

            var w = Worker(plan.MaxLength);
            supply.PrepareSpare();
            var brokerPort = Broker?.Invoke() ?? 0;
            var seeds = (generation == 0 ? plan.Seeds : plan.Seeds.Concat(Broker is null ? kept : []).Where(s => !killers.Contains(AtomicFile.ContentHash(s))))
                .Select(s => s.Length > plan.MaxLength ? s[..plan.MaxLength] : s)
                .ToList();
            var randomSeed = plan.RandomSeed + ((ulong)generation * 0x9E3779B97F4A7C15UL);
            var runs = RunsLeft(plan);
            var known = plan.KnownSignatures.ToList();
            w.Send(MessageKind.Fuzz, m =>
            {
                m.Write(randomSeed);
                m.Write(runs);
                m.Write(plan.MaxLength);
                m.Write(known.Count);
                known.ForEach(m.Write);
                m.Write(seeds.Count);
                seeds.ForEach(s => WorkerChannel.WriteBytes(m, s));
                m.Write(brokerPort);
                m.Write(killers.Count);
                foreach (var hash in killers)
                {
                    m.Write(hash);
                }

                m.Write(plan.Tokens.Count);
                foreach (var token in plan.Tokens)
                {
                    WorkerChannel.WriteBytes(m, token);
                }
            });
            // The seed summary comes from the first worker that gets through the seeds: one that
            // dies on a seed leaves the report to the next.
            if (new WorkerPump(this, w, plan, events, reportSeeds: !seedsReported).Run())
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
        WorkerProcess? current;
        lock (state)
        {
            current = worker;
            worker = null;
        }

        try
        {
            current?.Dispose();
        }
        finally
        {
            supply.Dispose();
        }
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
        lock (state)
        {
            seedsReported = true;
            last = status with { Executions = 0 };
            seededWorker = worker;
        }
    }

    private static LoopStatus WithFigures(LoopStatus status, WorkerProcess w) =>
        status with { Covered = w.Map.Covered, Corpus = w.Map.CorpusCount, Counters = w.Map.CountersUsed };

    /// <summary>True when <paramref name="w"/> is still the current worker.</summary>
    internal bool IsCurrent(WorkerProcess w) => ReferenceEquals(worker, w);
}
