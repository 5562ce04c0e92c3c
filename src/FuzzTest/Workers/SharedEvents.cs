using FuzzTest.Corpus;
using FuzzTest.Executors;
using FuzzTest.Sessions;

namespace FuzzTest.Workers;

/// <summary>
/// The session's events as several workers' pumps call them from their own threads: one at a
/// time (the session saves, minimizes and prints as if there were one worker), the seed summary
/// once, and a stop for all once one pump has failed.
/// </summary>
internal sealed class SharedEvents(ISessionEvents session, object gate) : ISessionEvents
{
    private bool seedsReported;
    private volatile bool stopping;

    /// <summary>Makes every pump's next tick answer stop.</summary>
    public void StopAll() => stopping = true;

    /// <inheritdoc />
    public void SeedsDone(LoopStatus status)
    {
        lock (gate)
        {
            if (!seedsReported)
            {
                seedsReported = true;
                session.SeedsDone(status);
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
            return session.Tick();
        }
    }
}
