using FuzzTest.Corpus;
using FuzzTest.Executors;
using FuzzTest.Sessions;

namespace FuzzTest.Lanes;

/// <summary>
/// The session's events as several lanes call them from their own threads: one at a
/// time (the session saves, minimizes and prints as if there were one lane), one seed summary
/// once every lane has run its share of the seeds, and a stop for all once one lane has failed.
/// </summary>
/// <param name="session">The session's own events.</param>
/// <param name="gate">The lock every call takes.</param>
/// <param name="lanes">Lanes whose seed summaries make up the session's.</param>
/// <param name="onTick">Runs under the lock on every tick (the broker's log lines are printed there).</param>
internal sealed class SharedEvents(ISessionEvents session, object gate, int lanes, Action onTick) : ISessionEvents
{
    private readonly List<LoopStatus> seedReports = [];
    private volatile bool stopping;

    /// <summary>Makes every lane's next tick answer stop.</summary>
    public void StopAll() => stopping = true;

    /// <inheritdoc />
    public void SeedsDone(LoopStatus status)
    {
        lock (gate)
        {
            seedReports.Add(status);
            if (seedReports.Count == lanes)
            {
                // Each lane ran its own share of the seeds, so their corpora add up; coverage
                // overlaps, so the largest is what is sure to be covered.
                session.SeedsDone(new LoopStatus(
                    seedReports.Sum(s => s.Executions),
                    seedReports.Sum(s => s.Corpus),
                    seedReports.Max(s => s.Covered),
                    seedReports.Max(s => s.Counters),
                    seedReports.Max(s => s.Dictionary)));
            }
        }
    }

    /// <inheritdoc />
    public void Kept(CorpusEntry entry)
    {
        lock (gate)
        {
            session.Kept(entry);
        }
    }

    /// <inheritdoc />
    public void Failed(byte[] input, RunOutcome outcome)
    {
        lock (gate)
        {
            session.Failed(input, outcome);
        }
    }

    /// <inheritdoc />
    public bool Tick()
    {
        if (stopping)
        {
            return false;
        }

        lock (gate)
        {
            onTick();
            return session.Tick();
        }
    }
}
