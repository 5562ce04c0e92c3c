using System.Runtime.ExceptionServices;
using FuzzTest.Executors;
using FuzzTest.Sessions;
using FuzzTest.Sharing;

namespace FuzzTest.Lanes;

/// <summary>
/// Several lanes fuzzing one method at once, each a backend of its own (an isolated worker, a
/// native program's forkserver) driven from its own thread. The lanes share new corpus entries
/// and findings through an LLMP broker that this backend hosts (shared memory, no kernel call
/// per message); the session still sees one stream of events, so this process alone writes the
/// corpus and the saved findings.
/// </summary>
internal sealed class ParallelBackend : IFuzzBackend
{
    // The lane whose thread is calling: a failure is re-run and minimized in the lane that
    // found it, which waits for that.
    [ThreadStatic]
    private static IFuzzBackend? callingLane;

    private readonly object gate = new();
    private readonly IFuzzBackend[] lanes;
    private readonly string lanesName;
    private readonly Action<string> say;
    private readonly SessionBroker broker;

    /// <summary>
    /// Starts (or joins) the broker and creates <paramref name="count"/> lanes; each lane gets
    /// the broker's current port (asked before each new worker) and a thread-safe
    /// <paramref name="say"/>. <paramref name="lanesName"/> describes them ("2 isolated worker
    /// processes").
    /// </summary>
    /// <exception cref="IOException">An agreed broker port can be neither bound nor joined.</exception>
    public ParallelBackend(int count, string lanesName, ShareSettings share, Func<Func<int>, Action<string>, IFuzzBackend> lane, Action<string> say)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        this.lanesName = lanesName;
        this.say = line =>
        {
            lock (gate)
            {
                say(line);
            }
        };
        broker = new SessionBroker(share, this.say);
        var created = new List<IFuzzBackend>();
        try
        {
            while (created.Count < count)
            {
                created.Add(lane(broker.CurrentPort, this.say));
            }
        }
        catch
        {
            // A lane that cannot start (a native program that fails its handshake) must not
            // leave the others' processes or the broker behind.
            created.ForEach(l => l.Dispose());
            broker.Dispose();
            throw;
        }

        lanes = [.. created];
    }

    /// <inheritdoc />
    public string Name => $"in {lanesName} sharing inputs through {broker.Description}";

    /// <inheritdoc />
    public bool SurvivesProcessDeath => true;

    /// <inheritdoc />
    public LoopStatus Status
    {
        get
        {
            var each = lanes.Select(l => l.Status).ToList();
            var live = broker.Board.Live();
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
                lane.Fuzz(plan.ForLane(i, lanes.Length, known), shared);
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
            Name = $"FuzzTest lane {i + 1}",
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

        broker.Dispose();
    }

    private void FlushBrokerLog() => broker.FlushLog(say);
}
