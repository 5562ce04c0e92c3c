using System.Collections.Concurrent;
using FuzzTest.Messaging.Llmp;
using FuzzTest.Messaging.Tcp;
using static FuzzTest.Messaging.Tests.TcpTestSupport;

namespace FuzzTest.Messaging.Tests;

public class TcpRegistrationTests
{
    [Fact]
    public void TwoClients_EachReceiveTheOthersMessagesOnce_NotTheirOwn_NorStatistics_AndALateClientReplaysTheHistory()
    {
        const int Count = 300;
        var stats = new ConcurrentQueue<uint>();
        var log = new ConcurrentQueue<string>();
        var hookThreads = new ConcurrentDictionary<int, string?>();
        using var host = LlmpBrokerHost.Start(
            (in LlmpView m) =>
            {
                hookThreads.TryAdd(Environment.CurrentManagedThreadId, Thread.CurrentThread.Name);
                return m.Tag != Stats || !Enqueue(stats, m.Sender);
            },
            log.Enqueue,
            pageSize: 4096);
        using var a = LlmpClient.Connect(host.Port, Patience, pageSize: 4096);
        using var b = LlmpClient.Connect(host.Port, Patience, pageSize: 4096);

        Assert.Equal(1u, a.Id);
        Assert.Equal(2u, b.Id);
        Assert.Equal(2, host.ClientCount);
        for (var i = 0; i < Count; i++)
        {
            a.Send(Testcase, Payload(1, i));
            b.Send(Testcase, Payload(2, i));
            a.Send(Stats, [9]);
            b.Send(Stats, [9]);
        }

        a.Send(Fence, []);
        b.Send(Fence, []);

        var toA = ReceiveUntilFences(a, 1);
        var toB = ReceiveUntilFences(b, 1);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => Payload(2, i)), toA.Select(m => m.Payload));
        Assert.Equal(Enumerable.Range(0, Count).Select(i => Payload(1, i)), toB.Select(m => m.Payload));
        Assert.All(toA, m => Assert.Equal(2u, m.Sender));
        Assert.All(toB, m => Assert.Equal(1u, m.Sender));
        WaitUntil(() => stats.Count == 2 * Count, "every statistics message reached the hook");
        Assert.Equal(Count, stats.Count(s => s == 1));
        Assert.Equal($"LLMP broker pump :{host.Port}", Assert.Single(hookThreads).Value);

        using var late = LlmpClient.Connect(host.Port, Patience, pageSize: 4096);
        var history = ReceiveUntilFences(late, 2);

        Assert.Equal(3u, late.Id);
        Assert.Equal(2 * Count, history.Count);
        Assert.All(history, m => Assert.Equal(Testcase, m.Tag));
        Assert.Equal(Enumerable.Range(0, Count).Select(i => Payload(1, i)), history.Where(m => m.Sender == 1).Select(m => m.Payload));
        Assert.Empty(log);
    }

    [Fact]
    public void ClientIds_AreNeverReused_AndDisposingTheHostTwiceIsHarmless()
    {
        var host = LlmpBrokerHost.Start((in LlmpView _) => true, _ => { });
        var ids = new List<uint>();
        for (var i = 0; i < 4; i++)
        {
            using var client = LlmpClient.Connect(host.Port, Patience, pageSize: 4096);
            ids.Add(client.Id);
        }

        host.Dispose();
        host.Dispose();

        Assert.Equal([1u, 2u, 3u, 4u], ids);
        Assert.Equal(4, host.ClientCount);
        Assert.Throws<IOException>(() => LlmpClient.Connect(host.Port, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void StartingASecondHostOnATakenPort_ThrowsAddressAlreadyInUse()
    {
        using var first = LlmpBrokerHost.Start((in LlmpView _) => true, _ => { });

        var error = Assert.Throws<System.Net.Sockets.SocketException>(() => LlmpBrokerHost.Start((in LlmpView _) => true, _ => { }, first.Port));

        Assert.Equal(System.Net.Sockets.SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }

    private static bool Enqueue(ConcurrentQueue<uint> into, uint sender)
    {
        into.Enqueue(sender);
        return true;
    }
}
