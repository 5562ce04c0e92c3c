using FuzzTest.Messaging.Llmp;
using FuzzTest.Messaging.Tcp;
using static FuzzTest.Messaging.Tests.TcpTestSupport;

namespace FuzzTest.Messaging.Tests;

/// <summary>Tests that count every LLMP page this process maps, so no other test may run beside them.</summary>
[CollectionDefinition(nameof(MappedPagesCollection), DisableParallelization = true)]
public class MappedPagesCollection;

/// <summary>
/// Fuzz workers come and go hundreds of times a minute: clients that connect, send and leave, one
/// after another, must leave the broker holding no client and no page beyond its own broadcast.
/// </summary>
[Collection(nameof(MappedPagesCollection))]
public class LlmpClientChurnTests
{
    private const int Clients = 200;
    private const int MessagesEach = 5;

    [Fact]
    public void TwoHundredClientsConnectingSendingAndLeaving_LeaveNoClientAndNoExtraPageMapped_AndEveryMessageArrives()
    {
        var received = 0;
        var log = new List<string>();
        using var host = LlmpBrokerHost.Start(
            (in LlmpView m) =>
            {
                // Counted, not forwarded: the broadcast chain (kept whole) stays one page.
                Interlocked.Increment(ref received);
                return false;
            },
            line => { lock (log) { log.Add(line); } });
        var baseline = LlmpClientDepartureTests.MappedPages("fuzztest-llmp");

        for (var i = 0; i < Clients; i++)
        {
            using var client = LlmpClient.Connect(host.Port, Patience);
            for (var m = 0; m < MessagesEach; m++)
            {
                client.Send(Testcase, Payload(i, m));
            }
        }

        // Each Dispose returned once the broker had read its client through and removed it.
        Assert.Equal(Clients * MessagesEach, Volatile.Read(ref received));
        Assert.Equal(baseline, LlmpClientDepartureTests.MappedPages("fuzztest-llmp"));
        WaitUntil(() => host.LiveClients == 0, "no client is left in the broker");
        Assert.Equal(Clients, host.ClientCount);
        lock (log)
        {
            Assert.Empty(log);
        }
    }
}
