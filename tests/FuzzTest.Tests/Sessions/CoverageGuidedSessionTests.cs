using FuzzTest.Inputs;
using FuzzTest.Sessions;
using FuzzTest.TestTargets;
using FuzzTest.Tests.TestDoubles;

namespace FuzzTest.Tests.Sessions;

/// <summary>Sessions over instrumented code: coverage feedback must do the work that blind mutation cannot.</summary>
public class CoverageGuidedSessionTests
{
    [Fact]
    public void CoverageFeedback_ClimbsNestedComparisons_ThatRandomInputCannotPass()
    {
        using var temp = new TempFolder();

        var report = Run(temp, seed: 1);

        var finding = Assert.Single(report.NewFindings);
        Assert.Equal("FUZZ"u8.ToArray(), finding.Input);
        Assert.True(report.CorpusCount >= 4, $"each rung of the ladder should be a corpus entry; corpus {report.CorpusCount}");
    }

    [Fact]
    public void TheSameSeed_ReplaysTheSameSession_WithCoverage()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();

        var a = Run(first, seed: 5);
        var b = Run(second, seed: 5);

        Assert.Equal(a.NewFindings[0].FoundAtExecution, b.NewFindings[0].FoundAtExecution);
        Assert.Equal(a.CorpusCount, b.CorpusCount);
        Assert.Equal(
            Directory.GetFiles(Path.Combine(first.Path, ".fuzz", "corpus", "C", "M")).Select(Path.GetFileName).Order(),
            Directory.GetFiles(Path.Combine(second.Path, ".fuzz", "corpus", "C", "M")).Select(Path.GetFileName).Order());
    }

    private static SessionReport Run(TempFolder temp, ulong seed)
    {
        var settings = new FuzzSettings { Patterns = ["*"], Runs = 300_000, Seed = seed, Duration = TimeSpan.MaxValue };
        var config = new SessionConfig(
            "C.M",
            (buffer, length) => ByteLadder.Climb(buffer.AsSpan(0, length)),
            FuzzPaths.At(temp.Path, temp.Path, "C", "M"),
            new FuzzOptions(),
            settings,
            new NullStatusSink(),
            f => f);
        return new FuzzSession(config).Run();
    }
}
