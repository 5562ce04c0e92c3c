using System.Collections.Concurrent;
using System.Net;
using System.Text;
using FuzzTest.Messaging.Llmp;
using FuzzTest.Messaging.Tcp;
using static FuzzTest.Messaging.Tests.TcpTestSupport;

namespace FuzzTest.Messaging.Tests;

public class TcpBrokerLinkTests
{
    private const int Count = 200;
    private static readonly byte[] Secret = "correct horse battery staple"u8.ToArray();

    [Fact]
    public void TwoLinkedBrokers_DeliverEachClientsMessagesToTheOtherSideOnce_WithoutEcho_StatisticsStayLocal_AndHistoryFromBeforeTheLink()
    {
        var log = new ConcurrentQueue<string>();
        using var a = Host(log);
        using var b = Host(log);
        using var a1 = Client(a);
        using var a2 = Client(a);
        using var b1 = Client(b);
        for (var i = 0; i < Count / 2; i++)
        {
            a1.Send(Testcase, Payload(1, i));
        }

        Link(b, to: a);
        for (var i = Count / 2; i < Count; i++)
        {
            a1.Send(Testcase, Payload(1, i));
            a1.Send(Stats, [9]);
            b1.Send(Testcase, Payload(2, i));
        }

        a1.Send(Fence, []);
        b1.Send(Fence, []);

        var atA2 = ReceiveUntilFences(a2, 2);
        var atB1 = ReceiveUntilFences(b1, 1);
        var atA1 = ReceiveUntilFences(a1, 1);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => Payload(1, i)), atA2.Where(m => m.Sender == a1.Id).Select(m => m.Payload));
        Assert.Equal(Enumerable.Range(Count / 2, Count / 2).Select(i => Payload(2, i)), atA2.Where(m => m.Sender != a1.Id).Select(m => m.Payload));
        Assert.All(atA2.Where(m => m.Sender != a1.Id), m => Assert.Equal(LlmpBrokerHost.RemoteSenderFlag | b1.Id, m.Sender));
        Assert.Equal(Enumerable.Range(0, Count).Select(i => Payload(1, i)), atB1.Select(m => m.Payload));
        Assert.All(atB1, m => Assert.Equal(LlmpBrokerHost.RemoteSenderFlag | a1.Id, m.Sender));
        Assert.Equal(Count / 2, atA1.Count);
        Assert.Equal(Count + 1, b.RemoteMessagesBroadcast);
        Assert.Equal(Count / 2 + 1, a.RemoteMessagesBroadcast);

        // Neither side sends a message back where it came from: nothing had to be dropped.
        Assert.Equal(0, a.RemoteDuplicatesDropped);
        Assert.Equal(0, b.RemoteDuplicatesDropped);
        Assert.Empty(log);
    }

    [Fact]
    public void AMessageLargerThanAPage_CrossesALink_AndOneAboveTheFrameLimit_StaysLocalWithALogLine()
    {
        var log = new ConcurrentQueue<string>();
        using var a = Host(log);
        using var b = Host(log);
        using var a1 = Client(a);
        using var a2 = Client(a);
        using var b1 = Client(b);
        Link(b, to: a);
        var large = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        var tooLarge = new byte[BrokerLinkFrames.MaxPayloadLength + 1];

        a1.Send(Testcase, large);
        a1.Send(Testcase, tooLarge);
        a1.Send(Fence, []);

        Assert.Equal([large], ReceiveUntilFences(b1, 1).Select(m => m.Payload));
        Assert.Equal([large.Length, tooLarge.Length], ReceiveUntilFences(a2, 1).Select(m => m.Payload.Length));
        Assert.Contains("exceeds the 16777188-byte limit and stays local", Assert.Single(log));
    }

    [Fact]
    public void ACutLink_Reconnects_AndMessagesFlowAgain_WithoutRepeatingTheOldOnes()
    {
        var log = new ConcurrentQueue<string>();
        using var a = Host(log);
        using var b = Host(log);
        using var a1 = Client(a);
        using var b1 = Client(b);
        Link(b, to: a);
        for (var i = 0; i < Count; i++)
        {
            a1.Send(Testcase, Payload(1, i));
        }

        a1.Send(Fence, []);
        Assert.Equal(Count, ReceiveUntilFences(b1, 1).Count);

        // Cut from the listening side: the connecting side must notice and come back.
        a.DropBrokerLinks();
        WaitUntil(() => b.LinksEstablished == 2 && a.LinkCount == 1, "the link came back");
        for (var i = Count; i < Count + 10; i++)
        {
            a1.Send(Testcase, Payload(1, i));
            b1.Send(Testcase, Payload(2, i));
        }

        a1.Send(Fence, []);
        b1.Send(Fence, []);

        Assert.Equal(Enumerable.Range(Count, 10).Select(i => Payload(1, i)), ReceiveUntilFences(b1, 1).Select(m => m.Payload));
        Assert.Equal(Enumerable.Range(Count, 10).Select(i => Payload(2, i)), ReceiveUntilFences(a1, 1).Select(m => m.Payload));

        // The new link replayed A's whole history; B dropped what it had (the first round and its fence).
        Assert.Equal(Count + 1, b.RemoteDuplicatesDropped);
        Assert.Contains(log, line => line.Contains("dropped: dropped on request"));
        Assert.Contains(log, line => line.Contains("dropped: the peer closed the connection"));
    }

    [Fact]
    public void ABrokerWithTheWrongSecret_IsRefusedAndLogged_OnBothSides_AndKeepsRetrying()
    {
        var log = new ConcurrentQueue<string>();
        using var a = Host(log);
        using var b = Host(log);
        var endpoint = a.ListenForBrokers(null, Secret);

        b.ConnectToBroker("127.0.0.1", endpoint.Port, "wrong"u8.ToArray());

        WaitUntil(() => log.Count(l => l.Contains("authentication failed")) >= 4, "two refused attempts were logged on both sides");
        Assert.Equal(0, a.LinksEstablished);
        Assert.Equal(0, b.LinksEstablished);
        Assert.Contains(log, l => l.Contains($":{a.Port}: refused the broker link from 127.0.0.1") && l.Contains("does not know the shared secret"));
        Assert.Contains(log, l => l.Contains($":{b.Port}: linking to 127.0.0.1:{endpoint.Port} failed: the peer refused: authentication failed") && l.Contains("retrying in"));
        using var c = Host(log);
        c.ConnectToBroker("127.0.0.1", endpoint.Port, Secret);
        WaitUntil(() => c.LinkCount == 1, "a broker with the right secret got through");
    }

    public static TheoryData<string, byte[], string> BadFrames => new()
    {
        { "oversized", Header(int.MaxValue, BrokerLinkFrames.MessageKind), "a frame announces 2147483647 bytes" },
        { "a message shorter than its header", Frame(BrokerLinkFrames.MessageKind, new byte[10]), "a message frame of 10 bytes" },
        { "a reserved tag", Frame(BrokerLinkFrames.MessageKind, BrokerLinkFrames.Message(new Origin(5, 1, 0), 1, 0, [1])), "tag 0x0" },
        { "a sender in the remote range", Frame(BrokerLinkFrames.MessageKind, BrokerLinkFrames.Message(new Origin(5, 1, 0), 0x8000_0001, 1, [1])), "sender 0x80000001" },
        { "an unknown kind", Frame(99, [1, 2]), "a frame of kind 99" },
        { "an empty length", Header(0, 0)[..4], "a frame announces 0 bytes" },
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public void AMalformedFrameFromAnAuthenticatedPeer_DropsTheLinkWithALogLine_AndTheBrokerServesOthers(string what, byte[] bytes, string reason)
    {
        var log = new ConcurrentQueue<string>();
        using var a = Host(log);
        var endpoint = a.ListenForBrokers(null, Secret);
        using (var raw = Raw(endpoint.Port))
        {
            BrokerAuthentication.Connect(raw, self: 12345, Secret);
            WaitUntil(() => a.LinkCount == 1, "the raw peer was accepted");
            raw.Send(bytes);
            WaitUntil(() => a.LinkCount == 0, $"the link was dropped after {what}");
        }

        var line = Assert.Single(log);
        Assert.Contains("dropped: malformed frame from the peer", line);
        Assert.Contains(reason, line);
        AssertLinkWorks(a, endpoint);
    }

    [Fact]
    public void AStrangerSendingGarbage_IsRefusedBeforeAuthentication_AndLogged()
    {
        var log = new ConcurrentQueue<string>();
        using var a = Host(log);
        var endpoint = a.ListenForBrokers(null, Secret);
        using (var raw = Raw(endpoint.Port))
        {
            raw.Send(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            var answer = TcpFrame.Read(raw, BrokerLinkFrames.MaxHandshakeFrameLength);
            Assert.Equal(BrokerLinkFrames.ErrorKind, answer.Kind);
        }

        Assert.Contains("a frame announces", Assert.Single(log));
        Assert.Equal(0, a.LinksEstablished);
        AssertLinkWorks(a, endpoint);
    }

    [Fact]
    public void AChainOfThreeBrokers_RelaysThroughTheMiddle()
    {
        var log = new ConcurrentQueue<string>();
        using var a = Host(log);
        using var b = Host(log);
        using var c = Host(log);
        using var a1 = Client(a);
        using var c1 = Client(c);
        Link(b, to: a);
        Link(c, to: b);

        for (var i = 0; i < Count; i++)
        {
            a1.Send(Testcase, Payload(1, i));
            c1.Send(Testcase, Payload(3, i));
        }

        a1.Send(Fence, []);
        c1.Send(Fence, []);

        Assert.Equal(Enumerable.Range(0, Count).Select(i => Payload(1, i)), ReceiveUntilFences(c1, 1).Select(m => m.Payload));
        Assert.Equal(Enumerable.Range(0, Count).Select(i => Payload(3, i)), ReceiveUntilFences(a1, 1).Select(m => m.Payload));
        Assert.Empty(log);
    }

    [Fact]
    public void ATriangleOfBrokers_DeliversEachMessageExactlyOnce()
    {
        var log = new ConcurrentQueue<string>();
        using var a = Host(log);
        using var b = Host(log);
        using var c = Host(log);
        var clients = new[] { Client(a), Client(b), Client(c) };
        Link(b, to: a);
        Link(c, to: a);
        Link(c, to: b);

        for (var i = 0; i < Count; i++)
        {
            for (var s = 0; s < clients.Length; s++)
            {
                clients[s].Send(Testcase, Payload(s, i));
            }
        }

        foreach (var client in clients)
        {
            client.Send(Fence, []);
        }

        // Every message reaches some broker over two paths, so at least one copy per message is dropped.
        WaitUntil(() => a.RemoteDuplicatesDropped + b.RemoteDuplicatesDropped + c.RemoteDuplicatesDropped >= 3 * (Count + 1), "the second copies arrived");
        for (var s = 0; s < clients.Length; s++)
        {
            var received = ReceiveUntilFences(clients[s], 2);
            Assert.Equal(2 * Count, received.Count);
            foreach (var other in Enumerable.Range(0, 3).Where(o => o != s))
            {
                Assert.Equal(Enumerable.Range(0, Count).Select(i => Payload(other, i)), received.Where(m => m.Payload[0] == other).Select(m => m.Payload));
            }
        }

        // Safety net for a copy that would still be on its way: none may turn up.
        Thread.Sleep(200);
        Assert.All(clients, client => Assert.False(client.TryReceive(out _)));
        Assert.All(new[] { a, b, c }, host => Assert.Equal(2 * (Count + 1), host.RemoteMessagesBroadcast));
        Assert.Empty(log);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private static LlmpBrokerHost Host(ConcurrentQueue<string> log) =>
        LlmpBrokerHost.Start((in LlmpView m) => m.Tag != Stats, log.Enqueue, pageSize: 4096);

    private static LlmpClient Client(LlmpBrokerHost host) => LlmpClient.Connect(host.Port, Patience, pageSize: 4096);

    private static void Link(LlmpBrokerHost from, LlmpBrokerHost to)
    {
        var endpoint = to.ListenForBrokers(null, Secret);
        var before = from.LinkCount;
        from.ConnectToBroker("127.0.0.1", endpoint.Port, Secret);
        WaitUntil(() => from.LinkCount == before + 1, "the link is up");
    }

    private static void AssertLinkWorks(LlmpBrokerHost a, IPEndPoint endpoint)
    {
        var log = new ConcurrentQueue<string>();
        using var b = Host(log);
        using var a1 = Client(a);
        using var b1 = Client(b);
        b.ConnectToBroker("127.0.0.1", endpoint.Port, Secret);
        b1.Send(Testcase, [7]);
        b1.Send(Fence, []);

        var received = ReceiveUntilFences(a1, 1);

        Assert.True(received.Count == 1 && received[0].Payload.SequenceEqual(new byte[] { 7 }), $"{received.Count} messages crossed the new link");
    }

    private static byte[] Frame(uint kind, byte[] body)
    {
        var frame = Header(4 + body.Length, kind);
        return [.. frame, .. body];
    }

    private static byte[] Header(int length, uint kind)
    {
        var header = new byte[TcpFrame.HeaderSize];
        BitConverter.TryWriteBytes(header, length);
        BitConverter.TryWriteBytes(header.AsSpan(4), kind);
        return header;
    }
}
