using System.Diagnostics;
using FuzzTest.Messaging.Llmp;
using FuzzTest.Sharing;

namespace FuzzTest.Tests.Sharing;

public class StatsBoardTests
{
    private long now = 1_000 * Stopwatch.Frequency;

    [Fact]
    public void Statistics_StayWithTheBroker_EverythingElseIsForwarded()
    {
        var board = new StatsBoard(() => now);

        Assert.False(Offer(board, ShareTag.Stats, 1, Stats(100)));
        Assert.True(Offer(board, ShareTag.Testcase, 1, [1, 2, 3]));
        Assert.True(Offer(board, ShareTag.Finding, 1, "x"u8.ToArray()));
    }

    [Fact]
    public void EachWorker_ShowsItsLastFigures_AndItsRecentSpeed()
    {
        var board = new StatsBoard(() => now);

        Offer(board, ShareTag.Stats, 2, Stats(0, corpus: 5));
        Offer(board, ShareTag.Stats, 1, Stats(1_000));
        now += Stopwatch.Frequency / 2;
        Offer(board, ShareTag.Stats, 2, Stats(30_000, corpus: 9));
        Offer(board, ShareTag.Stats, 1, Stats(11_000));

        var live = board.Live();

        Assert.Equal([1u, 2u], live.Select(w => w.Client));
        Assert.Equal(20_000, live[0].ExecsPerSecond);
        Assert.Equal(60_000, live[1].ExecsPerSecond);
        Assert.Equal(9, live[1].Stats.Corpus);
    }

    [Fact]
    public void TheSpeed_IsMeasuredOverTheLastTwoSeconds()
    {
        var board = new StatsBoard(() => now);
        for (var i = 0; i <= 10; i++)
        {
            // 1,000 runs a second for 5 s, then 10,000 a second.
            Offer(board, ShareTag.Stats, 1, Stats(i <= 5 ? i * 1_000 : 5_000 + ((i - 5) * 10_000)));
            now += Stopwatch.Frequency;
        }

        now -= Stopwatch.Frequency;

        Assert.Equal(10_000, board.Live()[0].ExecsPerSecond);
    }

    [Fact]
    public void FromItsFirstReport_AWorkersSpeedIsItsRunsOverItsOwnTime()
    {
        var board = new StatsBoard(() => now);

        Offer(board, ShareTag.Stats, 1, Stats(3_000, elapsedMs: 500));

        Assert.Equal(6_000, board.Live()[0].ExecsPerSecond);
    }

    [Fact]
    public void AWorkerThatMissedThreeReports_LeavesTheStatus()
    {
        var board = new StatsBoard(() => now);
        Offer(board, ShareTag.Stats, 1, Stats(10));
        now += Stopwatch.Frequency;
        Offer(board, ShareTag.Stats, 2, Stats(10));
        now += Stopwatch.Frequency;

        Assert.Equal([2u], board.Live().Select(w => w.Client));
    }

    [Fact]
    public void AStatisticsMessageOfTheWrongSize_IsIgnored()
    {
        var board = new StatsBoard(() => now);

        Assert.False(Offer(board, ShareTag.Stats, 1, [1, 2, 3]));
        Assert.Empty(board.Live());
    }

    private static byte[] Stats(long executions, int corpus = 1, long elapsedMs = 0)
    {
        var payload = new byte[WorkerStats.Size];
        new WorkerStats(executions, elapsedMs, corpus, 7, 0, 0).Write(payload);
        return payload;
    }

    private static bool Offer(StatsBoard board, uint tag, uint sender, byte[] payload) =>
        board.Forward(new LlmpView(tag, sender, payload));
}
