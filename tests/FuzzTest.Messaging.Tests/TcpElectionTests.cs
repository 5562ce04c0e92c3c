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
}
