using System.Globalization;
using FuzzTest.Messaging.Llmp;
using FuzzTest.Messaging.Tcp;
using FuzzTest.Messaging.TestClient;
using Xunit.Abstractions;
using static FuzzTest.Messaging.Tests.TcpTestSupport;

namespace FuzzTest.Messaging.Tests;

/// <summary>
/// A client that leaves, by disposing or by being killed with SIGKILL, is removed from the broker
/// and its pages unmapped, but only after every message it published was read. The broker's hook
/// holds the pump thread at the client's first message until the client is gone, so the client's
/// chain runs many pages ahead of the broker when it leaves: the broker must follow pages it had
/// not mapped yet.
/// </summary>
public class LlmpClientDepartureTests(ITestOutputHelper output)
{
    // Small pages and a few hundred messages: the chain is tens of pages long.
    private const long PageSize = 4096;
    private const int Messages = 600;
    private const int PayloadBytes = 256;

    // The test client's tag (FuzzTest.Messaging.TestClient's Program).
    private const uint ChildTag = 0x7E57;

    // Long enough that a Dispose which does not wait for the broker would have finished.
    private static readonly TimeSpan HeldFor = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void AClientThatDisposes_WaitsUntilTheBrokerReadItThrough_ThenIsRemoved_AndEveryMessageItSentJustBeforeIsDelivered()
    {
        using var gate = new ManualResetEventSlim();
        var log = new List<string>();
        using var host = LlmpBrokerHost.Start(
            (in LlmpView m) =>
            {
                if (m.Tag == Testcase)
                {
                    gate.Wait(Patience);
                }

                return true;
            },
            line => { lock (log) { log.Add(line); } },
            pageSize: PageSize);
        using var observer = LlmpClient.Connect(host.Port, Patience, PageSize);
        var leaving = LlmpClient.Connect(host.Port, Patience, PageSize);
        for (var i = 0; i < Messages; i++)
        {
            leaving.Send(Testcase, Payload(2, i).Concat(new byte[PayloadBytes]).ToArray());
        }

        leaving.Send(Fence, []);
        var disposing = new Thread(leaving.Dispose);
        disposing.Start();
        Assert.False(disposing.Join(HeldFor), "Dispose returned while the broker had not read the client's messages");
        gate.Set();
        Assert.True(disposing.Join(Patience), "Dispose did not return once the broker read the client through");

        var delivered = ReceiveUntilFences(observer, 1);
        Assert.Equal(Enumerable.Range(0, Messages).Select(i => Payload(2, i)), delivered.Select(m => m.Payload[..3]));
        WaitUntil(() => host.LiveClients == 1, "the broker removed the client that left");
        Assert.Equal(2, host.ClientCount);
        lock (log)
        {
            Assert.Empty(log);
        }
    }

    [Fact]
    public void AClientKilledWithSigkill_IsRemoved_AfterEveryMessageItPublishedWasRead_AndNoPageOfItStaysMappedOrNamed()
    {
        using var gate = new ManualResetEventSlim();
        var sequences = new List<long>();
        var log = new List<string>();
        using var host = LlmpBrokerHost.Start(
            (in LlmpView m) =>
            {
                if (m.Tag == ChildTag)
                {
                    gate.Wait(Patience);
                    lock (sequences)
                    {
                        sequences.Add(TestPayload.Check(m.Payload));
                    }

                    return false;
                }

                return true;
            },
            line => { lock (log) { log.Add(line); } });
        using var child = TestClientProcess.Start(
            "tcp",
            host.Port.ToString(CultureInfo.InvariantCulture),
            Messages.ToString(CultureInfo.InvariantCulture),
            PayloadBytes.ToString(CultureInfo.InvariantCulture),
            PageSize.ToString(CultureInfo.InvariantCulture));
        var prefix = $"fuzztest-llmp-{child.Id}-";
        try
        {
            // Printed once every message is published.
            Assert.Equal("1", child.StandardOutput.ReadLine());
            child.Kill();
            child.WaitForExit();
            gate.Set();

            WaitUntil(() => MappedPages(prefix) == 0 && host.LiveClients == 0, "the broker removed the killed client and unmapped its pages");
            lock (sequences)
            {
                output.WriteLine($"{sequences.Count} messages read from the killed client");
                Assert.Equal(Enumerable.Range(0, Messages).Select(i => (long)i), sequences);
            }

            Assert.Equal(1, host.ClientCount);
            if (Directory.Exists("/dev/shm"))
            {
                Assert.Empty(Directory.EnumerateFiles("/dev/shm", prefix + "*"));
            }

            lock (log)
            {
                Assert.Empty(log);
            }
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
                child.WaitForExit();
            }
        }
    }

    /// <summary>Lines of /proc/self/maps naming a page that starts with <paramref name="prefix"/> (0 where there is no /proc).</summary>
    internal static int MappedPages(string prefix) =>
        File.Exists("/proc/self/maps") ? File.ReadLines("/proc/self/maps").Count(line => line.Contains(prefix, StringComparison.Ordinal)) : 0;
}
