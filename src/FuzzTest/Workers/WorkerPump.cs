using System.Diagnostics;
using FuzzTest.Corpus;
using FuzzTest.Sessions;

namespace FuzzTest.Workers;

/// <summary>
/// Serves one fuzzing worker until it finishes its plan or dies: forwards kept inputs and
/// failures to the session, ticks the session's budget, and asks the worker to stop when the
/// budget is spent.
/// </summary>
internal sealed class WorkerPump(WorkerBackend backend, WorkerProcess w, FuzzPlan plan, ISessionEvents events, bool reportSeeds)
{
    private static readonly long TickInterval = Stopwatch.Frequency / 10;

    private bool seeded;
    private long stopAsked;

    /// <summary>True when the worker finished its plan; false when it died and a new one must go on.</summary>
    public bool Run()
    {
        var nextTick = Stopwatch.GetTimestamp();
        while (true)
        {
            var (message, death) = backend.Next(w, backend.Limit(seeded));
            if (death is not null)
            {
                // A worker the pump killed because it ignored the stop is just over.
                if (stopAsked != 0 && w.Map.StopRequested)
                {
                    return true;
                }

                backend.OnDeath(death, backend.LastDeathInput, suspectedHang: death.Kind == Executors.ExitKind.Timeout && seeded, plan, events);
                return false;
            }

            if (message is { Kind: { } kind, Fields: { } fields } && !Handle(kind, fields))
            {
                return kind == MessageKind.Done;
            }

            if (Stopwatch.GetTimestamp() >= nextTick)
            {
                nextTick = Stopwatch.GetTimestamp() + TickInterval;
                Tick();
            }
        }
    }

    // False when the conversation with this worker is over.
    private bool Handle(MessageKind kind, BinaryReader fields)
    {
        switch (kind)
        {
            case MessageKind.Kept:
                var data = WorkerChannel.ReadBytes(fields);
                var cost = fields.ReadInt64();
                if (backend.Keep(data))
                {
                    events.Kept(new CorpusEntry(data, [], cost));
                }

                return true;
            case MessageKind.SeedsDone:
                seeded = true;
                var status = WorkerChannel.ReadStatus(fields);
                backend.Report(status);
                if (reportSeeds)
                {
                    // As the worker saw it then: the map already moves on with the fuzzing.
                    events.SeedsDone(status);
                }

                return true;
            case MessageKind.Failed:
                events.Failed(WorkerChannel.ReadBytes(fields), WorkerChannel.ReadOutcome(fields));

                // Minimizing (or re-running a known bug's input) may have killed this worker;
                // if so it is gone, and the next one takes over.
                if (!backend.IsCurrent(w))
                {
                    return false;
                }

                // Minimizing takes time the worker did not spend ignoring a stop.
                stopAsked = w.Map.StopRequested ? Stopwatch.GetTimestamp() : 0;
                return w.Send(MessageKind.Continue, m => m.Write(backend.RunsLeft(plan)));
            case MessageKind.Done:
                backend.Report(WorkerChannel.ReadStatus(fields));
                return false;
            default:
                throw new InvalidDataException($"FuzzTest: worker {w.Pid} sent {kind} while fuzzing.");
        }
    }

    private void Tick()
    {
        if (!w.Map.StopRequested)
        {
            if (!events.Tick())
            {
                w.Map.StopRequested = true;
                stopAsked = Stopwatch.GetTimestamp();
            }
        }
        else if (Stopwatch.GetElapsedTime(stopAsked) > TimeSpan.FromSeconds(30))
        {
            // The run in progress ignores the stop; a hang would have been caught by now.
            w.Kill();
        }
    }
}
