namespace FuzzTest.Corpus;

/// <summary>An input kept because it reached new coverage, with what the scheduler needs to rank it.</summary>
internal sealed class CorpusEntry(byte[] data, int[] covered, long runTicks)
{
    /// <summary>The input bytes.</summary>
    public byte[] Data { get; } = data;

    /// <summary>Indices of the counters this input hits (sorted ascending).</summary>
    public int[] Covered { get; } = covered;

    /// <summary>How long one run of this input took, in Stopwatch ticks.</summary>
    public long RunTicks { get; } = runTicks;

    /// <summary>How many times the scheduler picked this entry.</summary>
    public int TimesChosen { get; set; }

    /// <summary>
    /// AFL's "favored": the smallest, fastest entry for at least one counter. Fuzzing the
    /// favored set first covers everything with the least work.
    /// </summary>
    public bool Favored { get; set; }
}
