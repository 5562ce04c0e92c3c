using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using FuzzTest.Messaging.Llmp;
using FuzzTest.Messaging.Tcp;
using static FuzzTest.Messaging.Tests.TcpTestSupport;

namespace FuzzTest.Messaging.Tests;

public class TcpHandshakeTests
{
    public static TheoryData<string, byte[], string> BadHellos => new()
    {
        { "wrong magic", Frame(RegistrationFrames.HelloKind, RegistrationFrames.Hello("fuzztest-llmp-x", 4096, magic: 0x1234)), "bad magic 0x0000000000001234" },
        { "wrong version", Frame(RegistrationFrames.HelloKind, RegistrationFrames.Hello("fuzztest-llmp-x", 4096, version: 99)), "protocol version 99" },
        { "garbage", Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "a frame announces" },
        { "a page that does not exist", Frame(RegistrationFrames.HelloKind, RegistrationFrames.Hello("fuzztest-llmp-none", 4096)), "its page cannot be read" },
        { "a name with a path", Frame(RegistrationFrames.HelloKind, RegistrationFrames.Hello("../etc/passwd", 4096)), "not a segment name" },
        { "a frame of another kind", Frame(7, [1, 2, 3]), "expected a hello" },
    };

    [Theory]
    [MemberData(nameof(BadHellos))]
    public void ABadHello_IsRefusedWithAnErrorFrameAndALogLine_AndTheHostServesGoodClientsAfterwards(string what, byte[] bytes, string reason)
    {
        var log = new ConcurrentQueue<string>();
        using var host = LlmpBrokerHost.Start((in LlmpView _) => true, log.Enqueue, pageSize: 4096);

        using (var raw = Raw(host.Port))
        {
            raw.Send(bytes);
            var answer = TcpFrame.Read(raw, RegistrationFrames.MaxFrameLength);
            Assert.Equal(RegistrationFrames.ErrorKind, answer.Kind);
            Assert.Contains(reason, Encoding.UTF8.GetString(answer.Body));
        }

        var line = Assert.Single(log);
        Assert.Contains("refused", line);
        Assert.Contains(reason, line);
        Assert.Equal(0, host.ClientCount);
        AssertServesTwoGoodClients(host, what);
    }

    [Fact]
    public void AClientThatSaysNothing_IsRefusedAfterTheTimeout_WithoutHoldingUpOthers()
    {
        var log = new ConcurrentQueue<string>();
        using var host = LlmpBrokerHost.Start((in LlmpView _) => true, log.Enqueue, pageSize: 4096, handshakeTimeout: TimeSpan.FromSeconds(2));
        using var silent = Raw(host.Port);

        // Served while the silent one is still waiting.
        AssertServesTwoGoodClients(host, "a silent client");
        var answer = TcpFrame.Read(silent, RegistrationFrames.MaxFrameLength);

        Assert.Equal(RegistrationFrames.ErrorKind, answer.Kind);
        Assert.Contains("no hello within 2000 ms", Assert.Single(log));
    }

    [Fact]
    public void AClientThatHangsUpMidFrame_IsLogged()
    {
        var log = new ConcurrentQueue<string>();
        using var host = LlmpBrokerHost.Start((in LlmpView _) => true, log.Enqueue, pageSize: 4096);
        using (var raw = Raw(host.Port))
        {
            raw.Send(Frame(RegistrationFrames.HelloKind, RegistrationFrames.Hello("fuzztest-llmp-x", 4096))[..10]);
        }

        WaitUntil(() => !log.IsEmpty, "the host logged the hang-up");
        Assert.Contains("closed the connection", Assert.Single(log));
        AssertServesTwoGoodClients(host, "a hang-up");
    }

    [Fact]
    public void ConnectingWhereNothingListens_FailsWithAnIOExceptionNamingThePort()
    {
        var port = FreePort();

        var error = Assert.Throws<IOException>(() => LlmpClient.Connect(port, TimeSpan.FromSeconds(5)));

        Assert.Contains($"127.0.0.1:{port}", error.Message);
    }

    private static void AssertServesTwoGoodClients(LlmpBrokerHost host, string after)
    {
        using var a = LlmpClient.Connect(host.Port, Patience, pageSize: 4096);
        using var b = LlmpClient.Connect(host.Port, Patience, pageSize: 4096);
        a.Send(Testcase, [1]);
        a.Send(Fence, []);

        var received = ReceiveUntilFences(b, 1);

        Assert.True(received.Count == 1 && received[0].Payload.SequenceEqual(new byte[] { 1 }), $"after {after}, b received {received.Count} messages");
        Assert.Equal(2, host.ClientCount);
    }

    private static byte[] Frame(uint kind, byte[] body)
    {
        var frame = new byte[TcpFrame.HeaderSize + body.Length];
        BitConverter.TryWriteBytes(frame, (uint)(4 + body.Length));
        BitConverter.TryWriteBytes(frame.AsSpan(4), kind);
        body.CopyTo(frame, TcpFrame.HeaderSize);
        return frame;
    }
}
