using System.Collections.Concurrent;
using System.Net;
using System.Text;
using FuzzTest.Messaging.Llmp;
using FuzzTest.Messaging.Tcp;
using static FuzzTest.Messaging.Tests.TcpBrokerLinkSupport;
using static FuzzTest.Messaging.Tests.TcpTestSupport;

namespace FuzzTest.Messaging.Tests;

/// <summary>Two brokers linked over loopback TCP: delivery both ways, large messages, reconnection.</summary>
public class TcpBrokerLinkTests
{
    private const int Count = 200;

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
    public void AListenerOnAnExplicitIPv6Endpoint_AcceptsABrokerThatConnectsThere()
    {
        var log = new ConcurrentQueue<string>();
        using var a = Host(log);
        using var b = Host(log);
        using var a1 = Client(a);
        using var b1 = Client(b);

        var endpoint = a.ListenForBrokers(new IPEndPoint(IPAddress.IPv6Loopback, 0), Secret);
        b.ConnectToBroker("::1", endpoint.Port, Secret);
        b1.Send(Testcase, [5]);
        b1.Send(Fence, []);

        Assert.Equal(IPAddress.IPv6Loopback, endpoint.Address);
        Assert.NotEqual(0, endpoint.Port);
        Assert.Equal([[5]], ReceiveUntilFences(a1, 1).Select(m => m.Payload));
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
    public void DisposingBrokersWhileTheirLinksComeAndGo_EndsEveryThread_AndCrashesNothing()
    {
        var log = new ConcurrentQueue<string>();
        var disposed = 0;
        for (var round = 0; round < 20; round++)
        {
            var a = Host(log);
            var b = Host(log);
            var endpoint = a.ListenForBrokers(null, Secret);
            b.ConnectToBroker("127.0.0.1", endpoint.Port, Secret);

            // Cut and dispose at varying points of the handshake and of the link's start.
            Thread.Sleep(round % 5);
            a.DropBrokerLinks();
            b.DropBrokerLinks();
            (round % 2 == 0 ? a : b).Dispose();
            (round % 2 == 0 ? b : a).Dispose();
            disposed += 2;
            Assert.Throws<ObjectDisposedException>(() => a.ConnectToBroker("127.0.0.1", endpoint.Port, Secret));
        }

        Assert.Equal(40, disposed);
        Assert.DoesNotContain(log, line => line.Contains("failed: System."));
    }
}
