namespace FuzzTest.Corpus;

/// <summary>Keeps the interesting inputs of a session.</summary>
internal interface ICorpus
{
    /// <summary>Entries kept so far.</summary>
    int Count { get; }

    /// <summary>The entry at <paramref name="index"/> (0 ≤ index &lt; Count).</summary>
    CorpusEntry this[int index] { get; }

    /// <summary>Keeps <paramref name="entry"/>.</summary>
    void Add(CorpusEntry entry);
}
