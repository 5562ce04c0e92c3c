using FuzzTest.Corpus;
using FuzzTest.Randomness;

namespace FuzzTest.Scheduling;

/// <summary>Always picks the first entry.</summary>
internal sealed class NullScheduler : IScheduler
{
    /// <inheritdoc />
    public void Added(ICorpus corpus)
    {
    }

    /// <inheritdoc />
    public int Next(ICorpus corpus, IFuzzRandom random) => 0;
}
