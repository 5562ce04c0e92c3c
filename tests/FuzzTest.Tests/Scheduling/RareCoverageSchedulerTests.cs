using FuzzTest.Corpus;
using FuzzTest.Randomness;
using FuzzTest.Scheduling;

namespace FuzzTest.Tests.Scheduling;

public class RareCoverageSchedulerTests
{
    [Fact]
    public void TheSmallestFastestEntryForACounter_IsFavored()
    {
        var (corpus, scheduler) = Build(
            new CorpusEntry(new byte[100], [0, 1], 10),
            new CorpusEntry(new byte[2], [0, 1], 10));

        scheduler.Next(corpus, new Xoshiro256StarStar(1));

        Assert.False(corpus[0].Favored);
        Assert.True(corpus[1].Favored);
    }

    [Fact]
    public void EntriesHoldingRareCoverage_ArePickedMoreOften()
    {
        // Entries 0-8 all reach counter 0 only; entry 9 alone reaches counter 1.
        var entries = Enumerable.Range(0, 9).Select(_ => new CorpusEntry(new byte[4], [0], 10)).Append(new CorpusEntry(new byte[4], [0, 1], 10)).ToArray();
        var (corpus, scheduler) = Build(entries);
        var random = new Xoshiro256StarStar(7);
        var picks = new int[corpus.Count];

        for (var i = 0; i < 10_000; i++)
        {
            picks[scheduler.Next(corpus, random)]++;
        }

        Assert.True(picks[9] > 3 * picks.Take(9).Average(), $"rare entry picked {picks[9]} times, others {string.Join(",", picks.Take(9))}");
        Assert.All(picks, p => Assert.True(p > 0));
    }

    [Fact]
    public void Next_WithASeededRandom_IsReplayable()
    {
        int[] Sequence()
        {
            var (corpus, scheduler) = Build(new CorpusEntry([1], [0], 1), new CorpusEntry([2], [1], 5), new CorpusEntry([3], [2], 9));
            var random = new Xoshiro256StarStar(42);
            return [.. Enumerable.Range(0, 50).Select(_ => scheduler.Next(corpus, random))];
        }

        Assert.Equal(Sequence(), Sequence());
    }

    private static (InMemoryCorpus, RareCoverageScheduler) Build(params CorpusEntry[] entries)
    {
        var corpus = new InMemoryCorpus();
        var scheduler = new RareCoverageScheduler();
        foreach (var entry in entries)
        {
            corpus.Add(entry);
            scheduler.Added(corpus);
        }

        return (corpus, scheduler);
    }
}
