using FuzzTest.Messaging.Llmp;
using FuzzTest.Messaging.Tcp;

namespace FuzzTest.Benchmarks.Scenarios;

/// <summary>
/// "sync-dir": how fast a new testcase gets from one fuzzer to another through an AFL-style
/// sync directory, against LLMP in the same run. The directory side writes each testcase into
/// A's queue folder (temporary file, then rename) and B rescans that folder as afl-fuzz's sync
/// does; the LLMP side sends it from A through a broker to B. See README.md for the choices.
/// </summary>
internal static class SyncDirScenario
{
    private const int ThroughputTestcases = 10_000;
    private const int LatencySamples = 1_000;

    // A sync directory's rescan is a full listing plus a read per new file, too dear to run
    // without a pause. One millisecond between rescans is far more eager than afl-fuzz, which
    // syncs only every SYNC_INTERVAL (8) fuzz_one rounds, each seconds to minutes long: this
    // is the directory at its fastest, not as AFL runs it.
    private const int RescanSleepMs = 1;

    // The rescan lists every file, so its cost grows with the queue; a mid-size AFL queue.
    private const int PrefilledQueue = 10_000;

    private const uint Tag = 1;

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private delegate bool TryReceive(out LlmpView message);

    /// <summary>Runs the directory throughput and latency, the LLMP latency through the real broker host and with a spinning pump, and prints the ratios.</summary>
    public static void Run()
    {
        using var folder = TempFolder.Create("fuzztest-sync-dir-");
        var throughput = RunDirectory(folder, "throughput", ThroughputTestcases, paced: false, existing: 0);
        new JsonLine("sync-dir/throughput")
            .Add("testcases", throughput.Micros.Count)
            .Add("seconds", Math.Round(throughput.Seconds, 3))
            .Add("testcases_per_sec", Math.Round(throughput.Micros.Count / throughput.Seconds, 1))
            .Add("rescan_sleep_ms", RescanSleepMs)
            .Print();

        var directory = RunDirectory(folder, "latency", LatencySamples, paced: true, existing: 0);
        PrintLatency("sync-dir/latency", directory.Micros).Add("queue_files_before", 0).Add("rescan_sleep_ms", RescanSleepMs).Print();
        var prefilled = RunDirectory(folder, "latency-prefilled", LatencySamples, paced: true, existing: PrefilledQueue);
        PrintLatency("sync-dir/latency", prefilled.Micros).Add("queue_files_before", PrefilledQueue).Add("rescan_sleep_ms", RescanSleepMs).Print();

        var sleeping = RunLlmp(sleepWhenIdle: true);
        PrintLatency("sync-dir/llmp-latency", sleeping).Add("pump", "broker-host").Print();
        var spinning = RunLlmp(sleepWhenIdle: false);
        PrintLatency("sync-dir/llmp-latency", spinning).Add("pump", "spin").Print();

        PrintRatio(directory.Micros, 0, sleeping, "broker-host");
        PrintRatio(directory.Micros, 0, spinning, "spin");
        PrintRatio(prefilled.Micros, PrefilledQueue, sleeping, "broker-host");
        PrintRatio(prefilled.Micros, PrefilledQueue, spinning, "spin");
    }

    private static (List<double> Micros, double Seconds) RunDirectory(TempFolder folder, string name, int count, bool paced, int existing)
    {
        var queue = Directory.CreateDirectory(Path.Combine(folder.Path, name, "a", "queue")).FullName;
        var writer = new SyncQueue(queue);
        var filler = new byte[DeliveryProbe.MinTestcaseBytes];
        for (var i = 0; i < existing; i++)
        {
            writer.Add(i, filler);
        }

        // B has synced the old entries already: only the new ones are delivered.
        var reader = new SyncQueue(queue);
        reader.Rescan();
        return DeliveryProbe.Run(
            count,
            paced,
            (id, testcase) => writer.Add(existing + id, testcase),
            take =>
            {
                var found = reader.Rescan();
                foreach (var testcase in found)
                {
                    take(testcase);
                }

                return found.Count;
            },
            () => Thread.Sleep(RescanSleepMs));
    }

    private static List<double> RunLlmp(bool sleepWhenIdle) => sleepWhenIdle ? RunLlmpHost() : RunLlmpSpinning();

    // The product's configuration: an LlmpBrokerHost with its own pump thread and idle strategy,
    // A and B registered with it over TCP as fuzz workers are.
    private static List<double> RunLlmpHost()
    {
        using var host = LlmpBrokerHost.Start((in LlmpView _) => true, Console.Error.WriteLine);
        using var a = LlmpClient.Connect(host.Port, ConnectTimeout);
        using var b = LlmpClient.Connect(host.Port, ConnectTimeout);
        return Probe(a.Send, b.TryReceive);
    }

    // The lower bound: a pump that never rests (a core of its own).
    private static List<double> RunLlmpSpinning()
    {
        using var broker = new LlmpBroker((in LlmpView _) => true, Console.Error.WriteLine);
        using var a = new LlmpSender(1);
        broker.AddClient(1, a.FirstPageName, a.FirstPageSize);
        using var b = new LlmpReceiver(broker.Broadcast.FirstPageName, broker.Broadcast.FirstPageSize);
        using var pump = new PumpThread(broker);
        return Probe(a.Send, b.TryReceiveInPlace);
    }

    private static List<double> Probe(Action<uint, ReadOnlySpan<byte>> send, TryReceive receive) =>
        // B checks for new messages as a fuzz worker does between two runs of the target: a
        // check costs nanoseconds, so it can afford one every few microseconds.
        DeliveryProbe.Run(
            LatencySamples,
            paced: true,
            (_, testcase) => send(Tag, testcase),
            take =>
            {
                var found = 0;
                while (receive(out var message))
                {
                    take(message.Payload);
                    found++;
                }

                return found;
            },
            () => Thread.SpinWait(100)).Micros;

    private static JsonLine PrintLatency(string scenario, List<double> micros) =>
        new JsonLine(scenario)
            .Add("samples", micros.Count)
            .Add("p50_us", Round(Statistics.Median(micros)))
            .Add("p99_us", Round(Statistics.Percentile(micros, 99)));

    private static void PrintRatio(List<double> directory, int queueFilesBefore, List<double> llmp, string pump)
    {
        var ratio50 = Statistics.Median(directory) / Statistics.Median(llmp);
        var ratio99 = Statistics.Percentile(directory, 99) / Statistics.Percentile(llmp, 99);
        new JsonLine("ratio/sync-dir-vs-llmp")
            .Add("queue_files_before", queueFilesBefore)
            .Add("pump", pump)
            .Add("p50_ratio", ratio50 is { } r50 ? Math.Round(r50, 3) : null)
            .Add("p99_ratio", ratio99 is { } r99 ? Math.Round(r99, 3) : null)
            .Print();
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}
