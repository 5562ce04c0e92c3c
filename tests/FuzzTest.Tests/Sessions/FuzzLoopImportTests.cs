using FuzzTest.Corpus;
using FuzzTest.Coverage;
using FuzzTest.Executors;
using FuzzTest.Randomness;
using FuzzTest.Runtime;
using FuzzTest.Sessions;
using FuzzTest.TestTargets;

namespace FuzzTest.Tests.Sessions;

/// <summary>Inputs another worker found join the corpus when they are new here, without being announced again.</summary>
public class FuzzLoopImportTests
{
    [Fact]
    public void AnImportedInputWithNewCoverage_JoinsTheCorpus_WithoutAKeptEvent()
    {
        _ = CoverageRuntime.Counters.Length;
        var events = new CountingEvents();
        var loop = new FuzzLoop(new InProcessExecutor((buffer, length) => ByteLadder.Climb(buffer.AsSpan(0, length))), new RuntimeCoverageMap(), events, new Xoshiro256StarStar(1), maxLength: 8);

        var kept = loop.Import("FUZ and more than eight bytes"u8.ToArray());

        Assert.True(kept);
        Assert.Equal(1, loop.CorpusCount);
        Assert.Equal(1, loop.Executions);
        Assert.Equal(0, events.KeptCount);
    }

    [Fact]
    public void AnImportedInputThatFails_IsReportedAsAFailure_AndNotKept()
    {
        var events = new CountingEvents();
        var loop = new FuzzLoop(new InProcessExecutor((buffer, length) => ByteLadder.Climb(buffer.AsSpan(0, length))), new RuntimeCoverageMap(), events, new Xoshiro256StarStar(1), maxLength: 8);

        Assert.False(loop.Import("FUZZ"u8.ToArray()));
        Assert.Equal(0, loop.CorpusCount);
        Assert.Equal(1, events.FailedCount);
    }

    private sealed class CountingEvents : ILoopEvents
    {
        public int KeptCount { get; private set; }

        public int FailedCount { get; private set; }

        public void Kept(CorpusEntry entry) => KeptCount++;

        public void Failed(byte[] input, RunOutcome outcome) => FailedCount++;

        public bool Tick() => true;
    }
}
