using FuzzTest.Corpus;
using FuzzTest.Randomness;

namespace FuzzTest.Scheduling;

/// <summary>
/// Prefers small, fast entries that hold rare coverage. For every counter it keeps the entry
/// with the lowest length × cost (probes executed) (AFL's top-rated); those entries are favored. Each entry's
/// weight grows with how rare its rarest counter is (how few entries reach it, the idea behind
/// AFLFast and libFuzzer's entropic schedule) and shrinks slowly (logarithmically) as it gets
/// picked, so fresh, rare entries get the energy and exhausted ones fade without starving.
/// </summary>
internal sealed class RareCoverageScheduler : IScheduler
{
    private const int FavoredBonus = 4;
    private const int RarityScale = 16;
    private const double WeightScale = 1024;

    private readonly List<int> topRated = [];   // per counter: index of the best entry, -1 if none
    private readonly List<int> reach = [];      // per counter: how many entries hit it
    private long[] cumulative = [];
    private bool stale = true;

    /// <inheritdoc />
    public void Added(ICorpus corpus)
    {
        var index = corpus.Count - 1;
        var entry = corpus[index];
        var cost = Cost(entry);
        foreach (var counter in entry.Covered)
        {
            while (topRated.Count <= counter)
            {
                topRated.Add(-1);
                reach.Add(0);
            }

            reach[counter]++;
            var best = topRated[counter];
            if (best < 0 || cost < Cost(corpus[best]))
            {
                topRated[counter] = index;
            }
        }

        stale = true;
    }

    /// <inheritdoc />
    public int Next(ICorpus corpus, IFuzzRandom random)
    {
        if (stale || cumulative.Length != corpus.Count)
        {
            Reweigh(corpus);
        }

        var total = cumulative[^1];
        var pick = (long)(random.Next() % (ulong)total);
        var index = Array.BinarySearch(cumulative, pick + 1);
        index = index >= 0 ? index : ~index;
        var entry = corpus[index];
        entry.TimesChosen++;

        // Re-weigh now and then, so that the picks just made count against their entries.
        if ((entry.TimesChosen & 7) == 0)
        {
            stale = true;
        }

        return index;
    }

    private static long Cost(CorpusEntry entry) => (entry.Data.Length + 1L) * Math.Max(entry.Cost, 1);

    private void Reweigh(ICorpus corpus)
    {
        for (var i = 0; i < corpus.Count; i++)
        {
            corpus[i].Favored = false;
        }

        foreach (var best in topRated)
        {
            if (best >= 0)
            {
                corpus[best].Favored = true;
            }
        }

        cumulative = new long[corpus.Count];
        long sum = 0;
        for (var i = 0; i < corpus.Count; i++)
        {
            var entry = corpus[i];
            var rarest = int.MaxValue;
            foreach (var counter in entry.Covered)
            {
                rarest = Math.Min(rarest, reach[counter]);
            }

            var rarity = 1.0 + ((double)RarityScale / Math.Max(1, rarest == int.MaxValue ? RarityScale : rarest));
            var favored = entry.Favored ? FavoredBonus : 1;

            // Logarithmic fatigue: an entry picked often yields less, but rare coverage keeps its lead.
            var fatigue = 1.0 + Math.Log2(1.0 + (entry.TimesChosen / 16.0));
            var weight = Math.Max(1L, (long)(WeightScale * rarity * favored / fatigue));
            sum += weight;
            cumulative[i] = sum;
        }

        stale = false;
    }
}
