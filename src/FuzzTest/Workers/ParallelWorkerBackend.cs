using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using FuzzTest.Executors;
using FuzzTest.Messaging.Tcp;
using FuzzTest.Sessions;
using FuzzTest.Sharing;

namespace FuzzTest.Workers;

/// <summary>
/// Several isolated workers fuzzing one method at once, each served by its own
/// <see cref="WorkerBackend"/> on its own thread. The workers share new corpus entries and
/// findings through an LLMP broker that this backend hosts (shared memory, no kernel call per
/// message); the session still sees one stream of events, so this process alone writes the
/// corpus and the saved findings.
/// </summary>
internal sealed class ParallelWorkerBackend : IFuzzBackend
{
    // The lane whose pump thread is calling: a failure is re-run and minimized in the worker
    // that found it, which waits for that.
    [ThreadStatic]
    private static WorkerBackend? callingLane;

    private readonly object gate = new();
    private readonly WorkerBackend[] lanes;
    private readonly StatsBoard board = new();
    private readonly Action<string> say;

    // The broker's threads log here rather than through the session: the session may hold its
    // lock for a whole minimization, and the broker must not wait on it.
    private readonly ConcurrentQueue<string> brokerLog = new();
    private readonly object election = new();
    private LlmpBrokerHost? broker;
    private int joinedPort;
    private string links = "";

    /// <summary>Starts (or joins) the broker; workers start when they are first needed.</summary>
    /// <exception cref="IOException">An agreed broker port can be neither bound nor joined.</exception>
    public ParallelWorkerBackend(WorkerTarget target, int inputCapacity, TimeSpan timeout, int workers, ShareSettings share, Action<string> say)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        this.say = line =>
        {
            lock (gate)
            {
                say(line);
            }
        };
        try
        {
            Broker(share);
            lanes = [.. Enumerable.Range(0, workers).Select(_ => new WorkerBackend(target, inputCapacity, timeout, this.say) { Broker = CurrentPort })];
        }
        catch
        {
            // A listener that cannot bind, say: the broker must not outlive the error.
            broker?.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public string Name
    {
        get
        {
            var processes = lanes.Length == 1 ? "1 isolated worker process" : $"{lanes.Length} isolated worker processes";
            var where = broker is { } b
                ? string.Create(CultureInfo.InvariantCulture, $"an LLMP broker (127.0.0.1:{b.Port}{links})")
                : string.Create(CultureInfo.InvariantCulture, $"the LLMP broker of another session (127.0.0.1:{joinedPort})");
            return $"in {processes} sharing inputs through {where}";
        }
    }

    /// <inheritdoc />
    public bool SurvivesProcessDeath => true;

    /// <summary>Worker processes started so far, over all lanes.</summary>
    public int WorkersStarted => lanes.Sum(l => l.WorkersStarted);

    /// <inheritdoc />
    public LoopStatus Status
    {
        get
        {
            var each = lanes.Select(l => l.Status).ToList();
            var live = board.Live();
            return new LoopStatus(
                each.Sum(s => s.Executions),
                Math.Max(each.Max(s => s.Corpus), live.Count == 0 ? 0 : live.Max(w => w.Stats.Corpus)),
                Math.Max(each.Max(s => s.Covered), live.Count == 0 ? 0 : live.Max(w => w.Stats.Covered)),
                each.Max(s => s.Counters),
                each.Max(s => s.Dictionary))
            {
                Workers = live,
            };
        }
    }

    /// <inheritdoc />
    public RunOutcome Run(byte[] input) => (callingLane ?? lanes[0]).Run(input);

    /// <inheritdoc />
    public void Fuzz(FuzzPlan plan, ISessionEvents events)
    {
        var shared = new SharedEvents(events, gate, lanes.Length, FlushBrokerLog);
        var known = new LockedSignatures(plan.KnownSignatures, gate);
        var failures = new List<ExceptionDispatchInfo>();
        var threads = lanes.Select((lane, i) => new Thread(() =>
        {
            callingLane = lane;
            try
            {
                lane.Fuzz(PlanFor(plan, i, known), shared);
            }
            catch (Exception e)
            {
                lock (failures)
                {
                    failures.Add(ExceptionDispatchInfo.Capture(e));
                }

                shared.StopAll();
            }
        })
        {
            IsBackground = true,
            Name = $"FuzzTest worker lane {i + 1}",
        }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        FlushBrokerLog();
        if (failures.Count > 0)
        {
            failures[0].Throw();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var lane in lanes)
        {
            lane.Dispose();
        }

        lock (election)
        {
            broker?.Dispose();
        }
    }

    private void FlushBrokerLog()
    {
        while (brokerLog.TryDequeue(out var line))
        {
            say(line);
        }
    }

    // Hosts the session's broker, on the agreed port if there is one; when another session
    // already hosts it there, this session's workers register with that one instead (LibAFL's
    // launcher election). Links to other machines are opened by the host only.
    private void Broker(ShareSettings share)
    {
        if (share.BrokerPort is not { } agreed)
        {
            broker = LlmpBrokerHost.Start(board.Forward, brokerLog.Enqueue);
        }
        else
        {
            var role = LlmpNode.Join(agreed, board.Forward, brokerLog.Enqueue, WorkerSharing.ConnectTimeout);
            if (role.Host is null)
            {
                // Only the port mattered: the workers register themselves.
                role.Dispose();
                joinedPort = agreed;
                if (share.Listen is not null || share.Connect.Count > 0)
                {
                    say($"[fuzz] broker links ({ShareSettings.ListenVariable}, {ShareSettings.ConnectVariable}) are opened by the session that hosts the broker on port {agreed}, not by this one.");
                }

                return;
            }

            broker = role.Host;
        }

        if (share.Listen is { } endpoint)
        {
            var bound = broker.ListenForBrokers(endpoint, share.Secret);
            links += $", brokers linking on {bound}";
        }

        foreach (var (host, port) in share.Connect)
        {
            broker.ConnectToBroker(host, port, share.Secret);
            links += string.Create(CultureInfo.InvariantCulture, $", linked to {host}:{port}");
        }
    }

    // Asked before each new worker. A session that joined another's broker takes its place when
    // that session has ended (LlmpNode's election again), so its new workers keep sharing.
    private int CurrentPort()
    {
        lock (election)
        {
            if (broker is { } hosted)
            {
                return hosted.Port;
            }

            try
            {
                // Binding is the election: while the other session lives, its broker holds the port.
                broker = LlmpBrokerHost.Start(board.Forward, brokerLog.Enqueue, joinedPort);
                brokerLog.Enqueue(string.Create(CultureInfo.InvariantCulture, $"[fuzz] the session that hosted the LLMP broker on port {joinedPort} has ended; this session hosts it now."));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                // Still held: the worker registers with whoever holds it (and fuzzes alone if that fails).
            }

            return joinedPort;
        }
    }

    // Each lane: its share of the run budget, its own random stream, and every N-th seed (the
    // others arrive through the broker once their lane has run them).
    private FuzzPlan PlanFor(FuzzPlan plan, int lane, IReadOnlyCollection<string> known)
    {
        var n = lanes.Length;
        var runs = plan.RunLimit == long.MaxValue ? long.MaxValue : (plan.RunLimit / n) + (lane < plan.RunLimit % n ? 1 : 0);
        return plan with
        {
            Seeds = [.. plan.Seeds.Where((_, i) => i % n == lane)],
            RunLimit = runs,
            RandomSeed = plan.RandomSeed + ((ulong)lane * 0xD1B54A32D192ED03UL),
            KnownSignatures = known,
        };
    }
}
