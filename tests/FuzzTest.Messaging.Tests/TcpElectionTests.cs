using FuzzTest.Messaging.Llmp;
using FuzzTest.Messaging.Tcp;
using static FuzzTest.Messaging.Tests.TcpTestSupport;

namespace FuzzTest.Messaging.Tests;

public class TcpElectionTests
{
    [Fact]
    public void TheFirstJoinBecomesTheBroker_TheNextOnesItsClients_WhichExchangeMessages()
    {
        var port = FreePort();

        using var first = LlmpNode.Join(port, (in LlmpView _) => true, _ => { }, Patience, pageSize: 4096);
        using var second = LlmpNode.Join(port, (in LlmpView _) => true, _ => { }, Patience, pageSize: 4096);
        using var third = LlmpNode.Join(port, (in LlmpView _) => true, _ => { }, Patience, pageSize: 4096);

        Assert.True(first.IsBroker);
        Assert.Equal(port, first.Host!.Port);
        Assert.False(second.IsBroker);
        Assert.False(third.IsBroker);
        Assert.Null(second.Host);
        second.Client!.Send(Testcase, [2]);
        second.Client.Send(Fence, []);
        third.Client!.Send(Testcase, [3]);
        third.Client.Send(Fence, []);
        Assert.Equal([[3]], ReceiveUntilFences(second.Client, 1).Select(m => m.Payload));
        Assert.Equal([[2]], ReceiveUntilFences(third.Client, 1).Select(m => m.Payload));
        Assert.Equal(2, first.Host.ClientCount);
    }

    [Fact]
    public void AfterTheBrokerIsGone_TheNextJoinTakesItsPlace()
    {
        var port = FreePort();
        var first = LlmpNode.Join(port, (in LlmpView _) => true, _ => { }, Patience, pageSize: 4096);
        Assert.True(first.IsBroker);
        first.Dispose();

        using var next = LlmpNode.Join(port, (in LlmpView _) => true, _ => { }, Patience, pageSize: 4096);

        Assert.True(next.IsBroker);
    }

    [Fact]
    public void APortHeldBySomethingThatIsNotABroker_FailsAfterAFewRounds_NamingThePort()
    {
        using var impostor = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        impostor.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        impostor.Listen();
        var port = ((System.Net.IPEndPoint)impostor.LocalEndPoint!).Port;
        var accepted = 0;
        var hangUp = new Thread(() =>
        {
            // Accepts and hangs up at once, as a broker that is going away would.
            while (true)
            {
                try
                {
                    var connection = impostor.Accept();
                    Interlocked.Increment(ref accepted);
                    connection.Dispose();
                }
                catch (System.Net.Sockets.SocketException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        }) { IsBackground = true };
        hangUp.Start();

        var error = Assert.Throws<IOException>(() => LlmpNode.Join(port, (in LlmpView _) => true, _ => { }, Patience, pageSize: 4096));

        Assert.Contains($"port {port}", error.Message);
        // Closed or reset, depending on whether the hello was already on its way.
        Assert.Contains($"the broker on 127.0.0.1:{port}", Assert.IsType<IOException>(error.InnerException).Message);
        Assert.Equal(LlmpNode.Attempts, Volatile.Read(ref accepted));
    }
}
