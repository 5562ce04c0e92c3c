namespace FuzzTest.Feedback;

/// <summary>Decides whether the run that just ended is worth keeping in the corpus.</summary>
internal interface IFeedback
{
    /// <summary>True when <paramref name="counters"/> show something not seen before; nothing is recorded yet.</summary>
    bool IsInteresting(ReadOnlySpan<byte> counters);

    /// <summary>Records <paramref name="counters"/> as seen, so the same coverage is not interesting again.</summary>
    void Commit(ReadOnlySpan<byte> counters);
}
