using FuzzTest.Feedback;

namespace FuzzTest.Tests.Feedback;

public class CoverageFeedbackTests
{
    [Fact]
    public void FirstHitOfACounter_IsInteresting_UntilCommitted()
    {
        var feedback = new CoverageFeedback();
        byte[] run = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

        Assert.True(feedback.IsInteresting(run));
        feedback.Commit(run);

        Assert.False(feedback.IsInteresting(run));
        Assert.Equal(1, feedback.CoveredCount);
    }

    [Theory]
    [InlineData(1, 2, true)]
    [InlineData(2, 3, true)]
    [InlineData(3, 4, true)]
    [InlineData(4, 7, false)]
    [InlineData(8, 15, false)]
    [InlineData(16, 31, false)]
    [InlineData(32, 127, false)]
    [InlineData(128, 255, false)]
    [InlineData(127, 128, true)]
    public void HitCountsCountOnlyByBucket(byte seen, byte now, bool interesting)
    {
        var feedback = new CoverageFeedback();
        feedback.Commit([seen]);

        Assert.Equal(interesting, feedback.IsInteresting([now]));
    }

    [Fact]
    public void CountersBeyondTheSeenMap_AreNew()
    {
        var feedback = new CoverageFeedback();
        feedback.Commit([1, 1]);

        Assert.True(feedback.IsInteresting([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]));
    }

    [Fact]
    public void ZeroCounters_AreNeverInteresting()
    {
        Assert.False(new CoverageFeedback().IsInteresting(new byte[1000]));
    }
}
