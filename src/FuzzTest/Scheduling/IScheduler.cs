using FuzzTest.Corpus;
using FuzzTest.Randomness;

namespace FuzzTest.Scheduling;

/// <summary>Picks the corpus entry to fuzz next.</summary>
internal interface IScheduler
{
    /// <summary>Learns about the entry just added to <paramref name="corpus"/> (always its last).</summary>
    void Added(ICorpus corpus);

    /// <summary>Returns the index of the next entry to fuzz; the corpus is not empty.</summary>
    int Next(ICorpus corpus, IFuzzRandom random);
}
