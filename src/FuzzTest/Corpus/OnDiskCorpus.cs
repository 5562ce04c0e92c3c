using FuzzTest.Storage;

namespace FuzzTest.Corpus;

/// <summary>
/// A corpus kept in memory and mirrored to a folder (the working corpus in
/// <c>.fuzz/corpus/Class/Method/</c>), one raw file per entry named by its content hash, so
/// the next session starts where this one ended and files are interchangeable with libFuzzer
/// and AFL++ corpora.
/// </summary>
internal sealed class OnDiskCorpus(string folder) : ICorpus
{
    private readonly InMemoryCorpus memory = new();

    /// <summary>The folder entries are written to.</summary>
    public string Folder { get; } = folder;

    /// <inheritdoc />
    public int Count => memory.Count;

    /// <inheritdoc />
    public CorpusEntry this[int index] => memory[index];

    /// <summary>Reads every file of the folder (none if it does not exist).</summary>
    public IEnumerable<byte[]> ReadExisting() =>
        Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder).Where(p => !Path.GetFileName(p).StartsWith('.')).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)
            : [];

    /// <inheritdoc />
    public void Add(CorpusEntry entry)
    {
        memory.Add(entry);
        AtomicFile.TryCreate(Path.Combine(Folder, AtomicFile.ContentHash(entry.Data)), entry.Data);
    }
}
