using System.Collections.Concurrent;
using System.Net;
using System.Text;
using FuzzTest.Messaging.Llmp;
using FuzzTest.Messaging.Tcp;
using static FuzzTest.Messaging.Tests.TcpBrokerLinkSupport;
using static FuzzTest.Messaging.Tests.TcpTestSupport;

namespace FuzzTest.Messaging.Tests;

/// <summary>Broker links that must be refused or dropped: empty or wrong secrets, malformed frames, strangers.</summary>
public class TcpBrokerLinkRefusalTests
{
    [Fact]
    public void AnEmptySecret_IsRefused_BeforeAnythingIsOpened()
    {
        using var a = Host(new ConcurrentQueue<string>());

        Assert.Throws<ArgumentException>(() => a.ListenForBrokers(null, ReadOnlyMemory<byte>.Empty));
        Assert.Throws<ArgumentException>(() => a.ConnectToBroker("127.0.0.1", 1, ReadOnlyMemory<byte>.Empty));
        Assert.Equal(0, a.LinksEstablished);
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
}
