using FuzzTest.Messaging.Llmp;

namespace FuzzTest.Messaging.Tests;

public class LlmpBrokerTests
{
    private const uint Testcase = 1;
    private const uint Stats = 2;

    [Fact]
    public void EachClientReceivesTheOthersMessagesThroughTheBroadcast_AndStatisticsStayWithTheBroker()
    {
        var stats = new List<LlmpMessage>();
        using var broker = new LlmpBroker((in LlmpView m) => m.Tag != Stats || !Record(stats, new LlmpMessage(m.Tag, m.Sender, m.Payload.ToArray())), _ => { }, pageSize: 4096);
        using var a = new LlmpSender(id: 1, pageSize: 4096);
        using var b = new LlmpSender(id: 2, pageSize: 4096);
        broker.AddClient(1, a.FirstPageName, a.FirstPageSize);
        broker.AddClient(2, b.FirstPageName, b.FirstPageSize);
        using var aReads = new LlmpReceiver(broker.Broadcast.FirstPageName, broker.Broadcast.FirstPageSize);
        using var bReads = new LlmpReceiver(broker.Broadcast.FirstPageName, broker.Broadcast.FirstPageSize);

        for (var i = 0; i < 500; i++)
        {
            a.Send(Testcase, [1, (byte)i]);
            b.Send(Testcase, [2, (byte)i]);
            a.Send(Stats, [9]);
        }

        Assert.Equal(1_500, broker.Pump());

        var toA = Drain(aReads).Where(m => m.Sender != 1).ToList();
        var toB = Drain(bReads).Where(m => m.Sender != 2).ToList();
        Assert.Equal(Enumerable.Range(0, 500).Select(i => new byte[] { 2, (byte)i }), toA.Select(m => m.Payload));
        Assert.Equal(Enumerable.Range(0, 500).Select(i => new byte[] { 1, (byte)i }), toB.Select(m => m.Payload));
        Assert.All(toA.Concat(toB), m => Assert.Equal(Testcase, m.Tag));
        Assert.Equal(500, stats.Count);
        Assert.All(stats, m => Assert.Equal(1u, m.Sender));
    }

    [Fact]
    public void AClientThatJoinsLate_ReceivesEveryEarlierBroadcast()
    {
        using var broker = new LlmpBroker((in LlmpView _) => true, _ => { }, pageSize: 4096);
        using var a = new LlmpSender(id: 1, pageSize: 4096);
        broker.AddClient(1, a.FirstPageName, a.FirstPageSize);
        for (var i = 0; i < 300; i++)
        {
            a.Send(Testcase, new byte[200]);
        }

        broker.Pump();
        using var late = new LlmpReceiver(broker.Broadcast.FirstPageName, broker.Broadcast.FirstPageSize);

        Assert.Equal(300, Drain(late).Count);
        Assert.True(broker.Broadcast.PagesHeld > 1, "the history should span several broadcast pages");
    }

    [Fact]
    public unsafe void AClientWithAMalformedPage_IsDroppedWithALogLine_AndTheOthersGoOn()
    {
        var log = new List<string>();
        using var broker = new LlmpBroker((in LlmpView _) => true, log.Add, pageSize: 4096);
        using var bad = new LlmpSender(id: 1, pageSize: 4096);
        using var good = new LlmpSender(id: 2, pageSize: 4096);

        // Mapped before the broker removes the name of the page it reads.
        using (var page = Page.Open(bad.FirstPageName, bad.FirstPageSize))
        {
            broker.AddClient(1, bad.FirstPageName, bad.FirstPageSize);
            broker.AddClient(2, good.FirstPageName, good.FirstPageSize);
            bad.Send(Testcase, [1]);
            *(long*)(page.Start + PageLayout.HeaderSize + PageLayout.IdOffset) = 77;
        }

        good.Send(Testcase, [2]);
        broker.Pump();
        good.Send(Testcase, [3]);
        broker.Pump();

        Assert.Equal(1, broker.ClientCount);
        var line = Assert.Single(log);
        Assert.Contains("dropped client 1", line);
        Assert.Contains("message id 77", line);
        using var reader = new LlmpReceiver(broker.Broadcast.FirstPageName, broker.Broadcast.FirstPageSize);
        Assert.Equal([[2], [3]], Drain(reader).Select(m => m.Payload));
    }

    [Fact]
    public void AClientThatKeepsWriting_CannotKeepPumpToItself()
    {
        using var broker = new LlmpBroker((in LlmpView _) => true, _ => { }, pageSize: 4096);
        using var busy = new LlmpSender(id: 1, pageSize: 4096);
        using var quiet = new LlmpSender(id: 2, pageSize: 4096);
        broker.AddClient(1, busy.FirstPageName, busy.FirstPageSize);
        broker.AddClient(2, quiet.FirstPageName, quiet.FirstPageSize);
        using var reader = new LlmpReceiver(broker.Broadcast.FirstPageName, broker.Broadcast.FirstPageSize);
        for (var i = 0; i < 10_000; i++)
        {
            busy.Send(Testcase, [1]);
        }

        quiet.Send(Testcase, [2]);

        // One call returns after a bounded share of the busy client, with the quiet one served.
        var first = broker.Pump();
        Assert.InRange(first, 2, 9_999);
        Assert.Contains(Drain(reader), m => m.Sender == 2);

        var total = first;
        while (broker.Pump() is var moved and > 0)
        {
            total += moved;
        }

        Assert.Equal(10_001, total);
    }

    private static bool Record(List<LlmpMessage> into, LlmpMessage message)
    {
        into.Add(message);
        return true;
    }

    private static List<LlmpMessage> Drain(LlmpReceiver receiver)
    {
        var messages = new List<LlmpMessage>();
        while (receiver.TryReceive(out var message))
        {
            messages.Add(message);
        }

        return messages;
    }
}
