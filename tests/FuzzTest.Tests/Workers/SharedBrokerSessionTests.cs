using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using System.Text;
using FuzzTest.Inputs;
using FuzzTest.Messaging.Llmp;
using FuzzTest.Messaging.Tcp;
using FuzzTest.Sessions;
using FuzzTest.Sharing;
using FuzzTest.TestTargets;
using FuzzTest.Tests.TestDoubles;
using FuzzTest.Workers;
using Xunit.Abstractions;

namespace FuzzTest.Tests.Workers;

/// <summary>
/// A session's workers sharing beyond the session: with a broker another session already hosts
/// on the agreed port, and with a broker on another machine linked over TCP. The other side is
/// played by this test with the messaging layer's own host and client.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public class SharedBrokerSessionTests(ITestOutputHelper output)
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("a shared secret of 32 characters");

    [Fact]
    public void WhenTheAgreedPortHasABroker_TheWorkersJoinIt_AndSendItTheirFindsAndFigures()
    {
        var seen = new ConcurrentDictionary<uint, int>();
        using var other = LlmpBrokerHost.Start((in LlmpView m) => Count(seen, m.Tag), output.WriteLine);

        var lines = Fuzz(new ShareSettings { BrokerPort = other.Port });

        Assert.Contains(lines, l => l.Contains($"through the LLMP broker of another session (127.0.0.1:{other.Port})", StringComparison.Ordinal));
        Assert.True(seen.GetValueOrDefault(ShareTag.Testcase) >= 3, $"the other broker saw {seen.GetValueOrDefault(ShareTag.Testcase)} testcases");
        Assert.True(seen.GetValueOrDefault(ShareTag.Stats) >= 2, "the workers' statistics did not reach the broker");
        Assert.Equal(2, other.ClientCount - 1);
    }

    [Fact]
    public void ALinkedBroker_GetsTheSessionsFinds_AndItsOwnReachTheWorkers()
    {
        var port = FreePort();
        using var remote = LlmpBrokerHost.Start((in LlmpView _) => true, output.WriteLine);
        using var client = LlmpClient.Connect(remote.Port, TimeSpan.FromSeconds(10));

        // The remote side's find: three rungs up the ladder, published before the session starts,
        // under the topic of the method (the session's one worker can only import it from there).
        client.Send(ShareTag.Testcase, [.. BitConverter.GetBytes(WorkerSharing.TopicOf(typeof(ByteLadder).FullName + ".Climb")), .. "FUZ"u8]);
        remote.ConnectToBroker("127.0.0.1", port, Secret);

        var lines = Fuzz(new ShareSettings { Listen = new IPEndPoint(IPAddress.Loopback, port), Secret = Secret }, workers: 1, findTheBug: true);

        Assert.Contains(lines, l => l.Contains($"brokers linking on 127.0.0.1:{port}", StringComparison.Ordinal));
        var received = 0;
        while (client.TryReceive(out var message))
        {
            received += message.Tag == ShareTag.Testcase ? 1 : 0;
        }

        Assert.True(received >= 1, "no testcase of the session came over the link");
        Assert.Contains(lines, l => l.Contains("(imported ", StringComparison.Ordinal) && !l.Contains("(imported 0)", StringComparison.Ordinal));
    }

    private static bool Count(ConcurrentDictionary<uint, int> seen, uint tag)
    {
        seen.AddOrUpdate(tag, 1, (_, n) => n + 1);
        return tag != ShareTag.Stats;
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private List<string> Fuzz(ShareSettings share, int workers = 2, bool findTheBug = false)
    {
        using var temp = new TempFolder();
        var method = typeof(ByteLadder).GetMethod(nameof(ByteLadder.Climb))!;
        var lines = new ConcurrentQueue<string>();
        var settings = new FuzzSettings { Patterns = ["*"], Runs = 4_000_000, Seed = 3, Duration = TimeSpan.MaxValue, Executor = FuzzExecutor.Isolated, Workers = workers, Share = share };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var paths = FuzzPaths.At(temp.Path, temp.Path, method.DeclaringType!.Name, method.Name);
        try
        {
            var report = new FuzzSession(new SessionConfig(
                $"{method.DeclaringType.Name}.{method.Name}", (_, _) => throw new InvalidOperationException("The isolated session ran the target in the test process."),
                paths, new FuzzOptions(), settings, new Lines(lines), f => f, cancel.Token,
                WorkerTarget.For<PlainTargetFactory>(method, method.DeclaringType))).Run();
            if (findTheBug)
            {
                Assert.Single(report.NewFindings);
            }

            return [.. lines];
        }
        finally
        {
            foreach (var line in lines)
            {
                output.WriteLine(line);
            }
        }
    }

    private sealed class Lines(ConcurrentQueue<string> lines) : IStatusSink
    {
        public void WriteLine(string line) => lines.Enqueue(line);
    }
}
