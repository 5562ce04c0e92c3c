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

        var (lines, _) = Fuzz(new ShareSettings { BrokerPort = other.Port }, typeof(ByteLadder).GetMethod(nameof(ByteLadder.Climb))!);

        Assert.Contains(lines, l => l.Contains($"through the LLMP broker of another session (127.0.0.1:{other.Port})", StringComparison.Ordinal));
        Assert.True(seen.GetValueOrDefault(ShareTag.Testcase) >= 3, $"the other broker saw {seen.GetValueOrDefault(ShareTag.Testcase)} testcases");
        Assert.True(seen.GetValueOrDefault(ShareTag.Stats) >= 2, "the workers' statistics did not reach the broker");
        // The session's election probe, then at least its two workers (more if one was replaced).
        Assert.True(other.ClientCount - 1 >= 2, $"{other.ClientCount} clients registered");
    }

    [Fact]
    public async Task WhenTheHostingSessionEnds_AJoinedSessionTakesOverTheBroker_AndGoesOn()
    {
        var other = LlmpBrokerHost.Start((in LlmpView _) => true, output.WriteLine);
        var port = other.Port;

        // Every input starting with the trigger ends the worker, so new workers keep registering.
        var method = typeof(FatalTargets).GetMethod(nameof(FatalTargets.FailFast))!;
        var lines = new ConcurrentQueue<string>();
        var session = Task.Factory.StartNew(
            () => Fuzz(new ShareSettings { BrokerPort = port }, method, runs: 30_000, lines: lines),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!lines.Any(l => l.Contains("CRASH", StringComparison.Ordinal)) && !session.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(10);
        }

        other.Dispose();
        var (_, report) = await session;

        Assert.Equal(30_000, report.Executions);
        Assert.Contains(lines, l => l.Contains($"hosted the LLMP broker on port {port} has ended; this session hosts it now", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALinkedBroker_GetsTheSessionsFinds_AndItsOwnReachTheWorkers()
    {
        var port = FreePort();
        using var remote = LlmpBrokerHost.Start((in LlmpView _) => true, output.WriteLine);
        using var client = LlmpClient.Connect(remote.Port, TimeSpan.FromSeconds(10));
        remote.ConnectToBroker("127.0.0.1", port, Secret);
        var method = typeof(CombinationLock).GetMethod(nameof(CombinationLock.Open))!;
        var session = Task.Factory.StartNew(
            () => Fuzz(new ShareSettings { Listen = new IPEndPoint(IPAddress.Loopback, port), Secret = Secret }, method, workers: 1, runs: 8_000_000),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // The remote side's find, sent once the link is up, under the method's topic: the key
        // no fuzzing finds alone, so the session can only find the bug by importing it.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (remote.LinksEstablished == 0 && !session.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(10);
        }

        client.Send(ShareTag.Testcase, [.. BitConverter.GetBytes(WorkerSharing.TopicOf(typeof(CombinationLock).FullName + ".Open")), .. CombinationLock.Key()]);
        var (lines, report) = await session;

        Assert.Contains(lines, l => l.Contains($"brokers linking on 127.0.0.1:{port}", StringComparison.Ordinal));
        var finding = Assert.Single(report.NewFindings);
        Assert.Contains("the lock opened", finding.Description, StringComparison.Ordinal);
        var received = 0;
        while (client.TryReceive(out var message))
        {
            received += message.Tag == ShareTag.Testcase ? 1 : 0;
        }

        Assert.True(received >= 1, "no testcase of the session came over the link");
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

    private (List<string> Lines, SessionReport Report) Fuzz(ShareSettings share, MethodInfo method, int workers = 2, long runs = 4_000_000, ConcurrentQueue<string>? lines = null)
    {
        using var temp = new TempFolder();
        lines ??= new ConcurrentQueue<string>();
        var settings = new FuzzSettings { Patterns = ["*"], Runs = runs, Seed = 3, Duration = TimeSpan.MaxValue, Executor = FuzzExecutor.Isolated, Workers = workers, Share = share };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var paths = FuzzPaths.At(temp.Path, temp.Path, method.DeclaringType!.Name, method.Name);
        try
        {
            var report = new FuzzSession(new SessionConfig(
                $"{method.DeclaringType.Name}.{method.Name}", (_, _) => throw new InvalidOperationException("The isolated session ran the target in the test process."),
                paths, new FuzzOptions(), settings, new QueueSink(lines), f => f, cancel.Token,
                WorkerTarget.For<PlainTargetFactory>(method, method.DeclaringType))).Run();
            return ([.. lines], report);
        }
        finally
        {
            foreach (var line in lines)
            {
                output.WriteLine(line);
            }
        }
    }
}
