using System.Buffers.Binary;
using System.Diagnostics;
using FuzzTest.Messaging.Llmp;

namespace FuzzTest.Benchmarks.Scenarios;

/// <summary>
/// "llmp": messages per second through an LLMP broker between two clients, for 64-byte and
/// 4 KiB payloads, and the one-way latency from one client's send to the other's receive. The
/// clients' sending and reading share one thread, the broker has its own: two busy threads on
/// a two-core machine, as two fuzz workers and a broker would be.
/// </summary>
internal static class LlmpScenario
{
    private const uint Tag = 1;

    /// <summary>Runs both payload sizes and the latency probe; prints one line each.</summary>
    public static void Run()
    {
        Throughput(64, messagesPerClient: 1_000_000);
        Throughput(4096, messagesPerClient: 50_000);
        Latency(samples: 20_000);
    }

    private static void Throughput(int size, int messagesPerClient)
    {
        using var broker = new LlmpBroker((in LlmpView _) => true, Console.Error.WriteLine);
        using var a = new LlmpSender(1);
        using var b = new LlmpSender(2);
        broker.AddClient(1, a.FirstPageName, a.FirstPageSize);
        broker.AddClient(2, b.FirstPageName, b.FirstPageSize);
        using var aReads = new LlmpReceiver(broker.Broadcast.FirstPageName, broker.Broadcast.FirstPageSize);
        using var bReads = new LlmpReceiver(broker.Broadcast.FirstPageName, broker.Broadcast.FirstPageSize);
        var payload = new byte[size];
        var done = false;
        var brokerThread = new Thread(() =>
        {
            while (!Volatile.Read(ref done))
            {
                broker.Pump();
            }
        });

        var clock = Stopwatch.StartNew();
        brokerThread.Start();
        long receivedByA = 0, receivedByB = 0, sent = 0;
        while (receivedByA < messagesPerClient || receivedByB < messagesPerClient)
        {
            // Send in small batches, then read what has come back: both clients on one thread.
            for (var i = 0; i < 64 && sent < messagesPerClient; i++, sent++)
            {
                a.Send(Tag, payload);
                b.Send(Tag, payload);
            }

            receivedByA += CountFrom(aReads, 2);
            receivedByB += CountFrom(bReads, 1);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref done, true);
        brokerThread.Join();
        new JsonLine($"llmp/{size}B")
            .Add("clients", 2)
            .Add("messages", 2L * messagesPerClient)
            .Add("seconds", Math.Round(seconds, 3))
            .Add("messages_per_sec", Math.Round(2 * messagesPerClient / seconds, 1))
            .Add("megabytes_per_sec", Math.Round(2.0 * messagesPerClient * size / seconds / (1 << 20), 1))
            .Print();
    }

    private static void Latency(int samples)
    {
        using var broker = new LlmpBroker((in LlmpView _) => true, Console.Error.WriteLine);
        using var a = new LlmpSender(1);
        using var b = new LlmpSender(2);
        broker.AddClient(1, a.FirstPageName, a.FirstPageSize);
        broker.AddClient(2, b.FirstPageName, b.FirstPageSize);
        using var bReads = new LlmpReceiver(broker.Broadcast.FirstPageName, broker.Broadcast.FirstPageSize);
        var done = false;
        var brokerThread = new Thread(() =>
        {
            while (!Volatile.Read(ref done))
            {
                broker.Pump();
            }
        });
        brokerThread.Start();

        // One message in flight at a time: the time from A's send to B's receive, with the
        // broker and the reader both polling, as a fuzz worker polls between runs.
        var micros = new List<double>(samples);
        Span<byte> stamp = stackalloc byte[8];
        for (var i = 0; i < samples; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(stamp, Stopwatch.GetTimestamp());
            a.Send(Tag, stamp);
            LlmpView message;
            while (!bReads.TryReceiveInPlace(out message))
            {
            }

            var sentAt = BinaryPrimitives.ReadInt64LittleEndian(message.Payload);
            micros.Add(Stopwatch.GetElapsedTime(sentAt).TotalMicroseconds);
        }

        Volatile.Write(ref done, true);
        brokerThread.Join();
        new JsonLine("llmp/latency")
            .Add("samples", samples)
            .Add("p50_us", Math.Round(Statistics.Median(micros) ?? 0, 2))
            .Add("p99_us", Math.Round(Statistics.Percentile(micros, 99) ?? 0, 2))
            .Print();
    }

    private static long CountFrom(LlmpReceiver receiver, uint sender)
    {
        long count = 0;
        while (receiver.TryReceiveInPlace(out var message))
        {
            if (message.Sender == sender)
            {
                count++;
            }
        }

        return count;
    }
}
