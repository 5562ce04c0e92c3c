using System.Collections.Concurrent;
using System.Net;
using System.Text;
using FuzzTest.Messaging.Llmp;
using FuzzTest.Messaging.Tcp;
using static FuzzTest.Messaging.Tests.TcpBrokerLinkSupport;
using static FuzzTest.Messaging.Tests.TcpTestSupport;

namespace FuzzTest.Messaging.Tests;

/// <summary>Three brokers: relaying through a chain, and exactly-once delivery in a triangle.</summary>
public class TcpBrokerTopologyTests
{
    private const int Count = 200;

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
}
