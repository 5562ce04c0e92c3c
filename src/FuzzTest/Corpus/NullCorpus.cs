namespace FuzzTest.Corpus;

/// <summary>A corpus that keeps nothing.</summary>
internal sealed class NullCorpus : ICorpus
{
    /// <inheritdoc />
    public int Count => 0;

    /// <inheritdoc />
    public CorpusEntry this[int index] => throw new ArgumentOutOfRangeException(nameof(index), "The null corpus is empty.");

    /// <inheritdoc />
    public void Add(CorpusEntry entry)
    {
    }
}
