using FuzzTest.TestTargets;

namespace FuzzTest.Instrumentation.Tests;

public class CoverageCountersTests
{
    private static readonly System.Reflection.Assembly Targets = typeof(PathClassifier).Assembly;

    [Fact]
    public void DifferentPathsLightDifferentCounters()
    {
        var negative = Coverage.Hits(Targets, () => PathClassifier.Classify(-5));
        var loop = Coverage.Hits(Targets, () => PathClassifier.Classify(6));
        var caught = Coverage.Hits(Targets, () => PathClassifier.Classify(7));
        var zero = Coverage.Hits(Targets, () => PathClassifier.Classify(4));

        Assert.NotEmpty(negative);
        var sets = new[] { negative, loop, caught, zero }.Select(h => string.Join(",", h.Keys)).ToList();
        Assert.Equal(sets.Count, sets.Distinct().Count());

        // The division by zero is caught only for 7: its handler probe is lit there and nowhere else.
        var onlyCaught = caught.Keys.Except(negative.Keys).Except(loop.Keys).Except(zero.Keys);
        Assert.NotEmpty(onlyCaught);
    }

    [Fact]
    public void AnEdgeIntoAnAlreadySeenBlock_LightsACounterOfItsOwn()
    {
        var secondFails = Coverage.Hits(Targets, () => EdgeShapes.Both(true, false));
        var firstFails = Coverage.Hits(Targets, () => EdgeShapes.Both(false, false));

        Assert.NotEmpty(secondFails);

        // Every block of the second run was seen in the first; only the edge taken is new.
        Assert.NotEmpty(firstFails.Keys.Except(secondFails.Keys));
    }

    [Fact]
    public void TheSameInputLightsTheSameCounters()
    {
        var first = Coverage.Hits(Targets, () => PathClassifier.Classify(6));
        var second = Coverage.Hits(Targets, () => PathClassifier.Classify(6));

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void CountersCountLoopIterations()
    {
        // The loop body runs six times for 6 and three times for 3: some counter says so.
        var six = Coverage.Hits(Targets, () => PathClassifier.Classify(6));
        var three = Coverage.Hits(Targets, () => PathClassifier.Classify(3));

        Assert.Contains(six, pair => pair.Value == 6);
        Assert.DoesNotContain(three, pair => pair.Value >= 6);
    }

    [Fact]
    public void EveryProbeOfTheModuleHasItsOwnCounter()
    {
        var slice = Coverage.SliceOf(Targets);
        slice.Clear();
        _ = PathClassifier.Classify(1);

        // Dense: the slice is exactly the probes of this module, and only a few of them ran.
        var lit = Coverage.SliceOf(Targets).ToArray().Count(b => b != 0);
        Assert.InRange(lit, 3, slice.Length - 1);
    }
}
