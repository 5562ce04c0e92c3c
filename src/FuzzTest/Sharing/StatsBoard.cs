using System.Diagnostics;
using FuzzTest.Messaging.Llmp;

namespace FuzzTest.Sharing;

/// <summary>
/// The broker's filter hook: keeps each worker's statistics for the combined status and lets
/// every other message through to the broadcast. Statistics stay with the broker, as in LibAFL:
/// the workers have no use for each other's figures.
/// </summary>
internal sealed class StatsBoard
{
    /// <summary>A worker silent this long (three reports missed) is gone, died or replaced: its line leaves the status.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromSeconds(1.5);

    /// <summary>The speed shown is measured over about this much of the latest reports.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(2);

    private readonly Dictionary<uint, Reports> workers = [];
    private readonly Func<long> clock;

    /// <summary>Creates a board that reads time from <paramref name="clock"/> (Stopwatch ticks; injectable for tests).</summary>
    public StatsBoard(Func<long>? clock = null) => this.clock = clock ?? Stopwatch.GetTimestamp;

    /// <summary>The broker hook (called on the broker's thread): false for statistics, which it keeps; true for the rest.</summary>
    public bool Forward(in LlmpView message)
    {
        if (message.Tag != ShareTag.Stats)
        {
            return true;
        }

        if (WorkerStats.Read(message.Payload) is { } stats)
        {
            lock (workers)
            {
                if (!workers.TryGetValue(message.Sender, out var reports))
                {
                    workers[message.Sender] = reports = new Reports();
                }

                reports.Add(clock(), stats);
            }
        }

        return false;
    }

    /// <summary>The workers heard from recently, by client id.</summary>
    public IReadOnlyList<WorkerFigures> Live()
    {
        var now = clock();
        lock (workers)
        {
            return [.. workers
                .Where(w => Seconds(now - w.Value.LastAt) < Silence.TotalSeconds)
                .OrderBy(w => w.Key)
                .Select(w => new WorkerFigures(w.Key, w.Value.Last, w.Value.Rate()))];
        }
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    private sealed class Reports
    {
        private readonly Queue<(long At, long Executions)> recent = new();

        public WorkerStats Last { get; private set; }

        public long LastAt { get; private set; }

        public void Add(long at, WorkerStats stats)
        {
            Last = stats;
            LastAt = at;
            recent.Enqueue((at, stats.Executions));
            while (recent.Count > 2 && Seconds(at - recent.Peek().At) > RateWindow.TotalSeconds)
            {
                recent.Dequeue();
            }
        }

        // Over the reports of the last window; from a worker's first report, over its own time.
        public double Rate()
        {
            var first = recent.Peek();
            var seconds = Seconds(LastAt - first.At);
            if (seconds > 0)
            {
                return (Last.Executions - first.Executions) / seconds;
            }

            return Last.ElapsedMilliseconds > 0 ? Last.Executions * 1000.0 / Last.ElapsedMilliseconds : 0;
        }
    }
}
