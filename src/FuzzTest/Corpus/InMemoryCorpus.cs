namespace FuzzTest.Corpus;

/// <summary>A corpus held in memory only.</summary>
internal sealed class InMemoryCorpus : ICorpus
{
    private readonly List<CorpusEntry> entries = [];

    /// <inheritdoc />
    public int Count => entries.Count;

    /// <inheritdoc />
    public CorpusEntry this[int index] => entries[index];

    /// <inheritdoc />
    public void Add(CorpusEntry entry) => entries.Add(entry);
}
