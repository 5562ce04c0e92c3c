namespace FuzzTest.Feedback;

/// <summary>Feedback that never finds anything interesting.</summary>
internal sealed class NullFeedback : IFeedback
{
    /// <inheritdoc />
    public bool IsInteresting(ReadOnlySpan<byte> counters) => false;

    /// <inheritdoc />
    public void Commit(ReadOnlySpan<byte> counters)
    {
    }
}
