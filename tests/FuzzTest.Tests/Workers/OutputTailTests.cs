using FuzzTest.Workers;

namespace FuzzTest.Tests.Workers;

public class OutputTailTests
{
    [Fact]
    public void KeepsOnlyTheLastWholeLines_UnderCapacity()
    {
        var tail = new OutputTail(capacity: 20);
        foreach (var line in new[] { "first", "second", "third", "fourth" })
        {
            tail.Append(line);
        }

        // Newlines count: these three lines are exactly the 20 characters.
        Assert.Equal("second\nthird\nfourth\n", tail.Text);

        tail.Append("fifth");
        Assert.Equal("third\nfourth\nfifth\n", tail.Text);
    }

    [Fact]
    public void ALineLongerThanTheCapacity_KeepsItsEnd()
    {
        var tail = new OutputTail(capacity: 8);
        tail.Append("0123456789abc");

        Assert.Equal("6789abc\n", tail.Text);
    }

    [Fact]
    public void Clear_ForgetsEverything()
    {
        var tail = new OutputTail(capacity: 100);
        tail.Append("Stack overflow.");
        tail.Append("   at A.B()");

        tail.Clear();
        tail.Append("after");

        Assert.Equal("after\n", tail.Text);
    }

    [Fact]
    public void TheStartOfTheLastRuntimeReport_OutlivesTheFramesThatFollowIt()
    {
        var tail = new OutputTail(capacity: 64);
        tail.Append("Unhandled exception. from the target, not the runtime");
        tail.Append("Stack overflow.");
        tail.Append("   at A.B()");
        for (var i = 0; i < 1000; i++)
        {
            tail.Append("   at A.C()");
        }

        var lines = tail.Text.Split('\n');

        Assert.Equal("Stack overflow.", lines[0]);
        Assert.Equal("   at A.B()", lines[1]);
        Assert.Contains(lines, l => l.Contains("lines dropped", StringComparison.Ordinal));
        Assert.Equal("   at A.C()", lines[^2]);
        Assert.DoesNotContain(lines, l => l.Contains("from the target", StringComparison.Ordinal));
    }

    [Fact]
    public void APinnedReportStillInTheTail_IsNotRepeated()
    {
        var tail = new OutputTail(capacity: 1000);
        tail.Append("noise");
        tail.Append("Out of memory.");

        Assert.Equal("noise\nOut of memory.\n", tail.Text);
    }

    [Fact]
    public void APinnedReportPartlyInTheTail_IsJoinedWithoutAGap()
    {
        var tail = new OutputTail(capacity: 30);
        tail.Append("Process terminated.");
        tail.Append("boom");
        tail.Append("   at A.B()");
        tail.Append("   at A.C()");

        Assert.Equal("Process terminated.\nboom\n   at A.B()\n   at A.C()\n", tail.Text);
    }

    [Fact]
    public void Drain_ReadsEveryLineUntilEndOfFile()
    {
        var tail = new OutputTail();
        using var reader = new StringReader("one\r\ntwo\nthree without newline");

        var thread = OutputTail.Drain(reader, tail, "drain test");

        Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "the drain never finished");
        Assert.Equal("drain test", thread.Name);
        Assert.Equal("one\ntwo\nthree without newline\n", tail.Text);
    }

    [Fact]
    public void Drain_KeepsTheEndOfEndlessOutputWithoutNewlines()
    {
        var tail = new OutputTail(capacity: 100);
        using var reader = new StringReader(new string('x', 1_000_000) + "Fatal error.\nSystem.AccessViolationException: bad\n");

        Assert.True(OutputTail.Drain(reader, tail, "drain test").Join(TimeSpan.FromSeconds(30)));

        var lines = tail.Text.Split('\n');
        Assert.EndsWith("xxxFatal error.", lines[0], StringComparison.Ordinal);
        Assert.True(lines[0].Length < 100);
        Assert.Equal("System.AccessViolationException: bad", lines[1]);
    }

    [Fact]
    public void ConcurrentReadsDuringAppends_SeeWholeLines()
    {
        var tail = new OutputTail(capacity: 256);
        var writer = new Thread(() =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                tail.Append($"line {i}");
            }
        });
        writer.Start();
        while (writer.IsAlive)
        {
            var text = tail.Text;
            Assert.True(text.Length <= 256, $"{text.Length} characters");
            Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("line ", l, StringComparison.Ordinal));
        }

        writer.Join();
        Assert.EndsWith("line 49999\n", tail.Text, StringComparison.Ordinal);
    }
}
