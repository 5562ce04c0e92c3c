using System.Collections.Concurrent;
using System.Net;
using FuzzTest.Messaging.Llmp;
using FuzzTest.Messaging.Tcp;
using static FuzzTest.Messaging.Tests.TcpTestSupport;

namespace FuzzTest.Messaging.Tests;

/// <summary>Hosts, clients, links and hand-made frames for the broker link tests.</summary>
internal static class TcpBrokerLinkSupport
{
    public static readonly byte[] Secret = "correct horse battery staple"u8.ToArray();

    /// <summary>A host whose hook keeps statistics local, with small pages so tests cross many of them.</summary>
    public static LlmpBrokerHost Host(ConcurrentQueue<string> log) =>
        LlmpBrokerHost.Start((in LlmpView m) => m.Tag != Stats, log.Enqueue, pageSize: 4096);

    public static LlmpClient Client(LlmpBrokerHost host) => LlmpClient.Connect(host.Port, Patience, pageSize: 4096);

    public static void Link(LlmpBrokerHost from, LlmpBrokerHost to)
    {
        var endpoint = to.ListenForBrokers(null, Secret);
        var before = from.LinkCount;
        from.ConnectToBroker("127.0.0.1", endpoint.Port, Secret);
        WaitUntil(() => from.LinkCount == before + 1, "the link is up");
    }

    public static void AssertLinkWorks(LlmpBrokerHost a, IPEndPoint endpoint)
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

    public static byte[] Frame(uint kind, byte[] body)
    {
        var frame = Header(4 + body.Length, kind);
        return [.. frame, .. body];
    }

    public static byte[] Header(int length, uint kind)
    {
        var header = new byte[TcpFrame.HeaderSize];
        BitConverter.TryWriteBytes(header, length);
        BitConverter.TryWriteBytes(header.AsSpan(4), kind);
        return header;
    }
}
