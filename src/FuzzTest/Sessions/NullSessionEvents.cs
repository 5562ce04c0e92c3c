using FuzzTest.Corpus;
using FuzzTest.Executors;

namespace FuzzTest.Sessions;

/// <summary>Ignores every event and never stops the loop early.</summary>
internal sealed class NullSessionEvents : ISessionEvents
{
    /// <inheritdoc />
    public void Kept(CorpusEntry entry)
    {
    }

    /// <inheritdoc />
    public void Failed(byte[] input, RunOutcome outcome)
    {
    }

    /// <inheritdoc />
    public bool Tick() => true;

    /// <inheritdoc />
    public void SeedsDone(LoopStatus status)
    {
    }
}
