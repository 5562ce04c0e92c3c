namespace FuzzTest.Corpus;

/// <summary>An input kept because it reached new coverage, with what the scheduler needs to rank it.</summary>
internal sealed class CorpusEntry(byte[] data, int[] covered, long cost)
{
    /// <summary>The input bytes.</summary>
    public byte[] Data { get; } = data;

    /// <summary>Indices of the counters this input hits (sorted ascending).</summary>
    public int[] Covered { get; } = covered;

    /// <summary>
    /// How much work one run of this input takes: the number of probes it executes (counter
    /// hits; each counter wraps at 256). Deterministic, unlike wall time, so schedules replay.
    /// </summary>
    public long Cost { get; } = cost;

    /// <summary>How many times the scheduler picked this entry.</summary>
    public int TimesChosen { get; set; }

    /// <summary>
    /// AFL's "favored": the smallest, fastest entry for at least one counter. Fuzzing the
    /// favored set first covers everything with the least work.
    /// </summary>
    public bool Favored { get; set; }
}
