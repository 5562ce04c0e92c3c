using System.Buffers.Binary;
using System.Diagnostics;

namespace FuzzTest.Benchmarks.Scenarios;

/// <summary>
/// Times how long a new testcase takes from one fuzzer (A, the calling thread) to another (B, a
/// thread of its own), whatever carries it. A stamps the time into each testcase just before
/// handing it over; B takes the difference when it has the testcase in hand.
/// </summary>
internal static class DeliveryProbe
{
    /// <summary>Testcase sizes are drawn from this range: typical queue entries of a byte-input target.</summary>
    public const int MinTestcaseBytes = 100;

    /// <summary>Largest testcase size drawn.</summary>
    public const int MaxTestcaseBytes = 1000;

    // Paced runs leave 1 to 4 ms between testcases, at random: longer than either side's
    // polling interval, so each testcase finds the other side in its steady state (asleep or
    // polling) rather than still busy with the last one, and never in step with it.
    private const int MinGapMs = 1;
    private const int MaxGapMs = 4;

    // B gives up this long after A sent the last testcase: a carrier that lost one must not hang the run.
    private static readonly TimeSpan Straggler = TimeSpan.FromSeconds(30);

    /// <summary>Hands one testcase over (A's side).</summary>
    public delegate void Send(int id, byte[] testcase);

    /// <summary>Calls <paramref name="take"/> for every testcase that has arrived (B's side); returns how many.</summary>
    public delegate int Receive(Take take);

    /// <summary>B's hold of one arrived testcase.</summary>
    public delegate void Take(ReadOnlySpan<byte> testcase);

    /// <summary>
    /// Sends <paramref name="count"/> testcases, paced or back to back, while B receives them,
    /// calling <paramref name="idle"/> after each receive that found nothing.
    /// </summary>
    /// <returns>The delivery latency of each testcase B received, in microseconds, and the seconds from the first send until B had the last.</returns>
    public static (List<double> Micros, double Seconds) Run(int count, bool paced, Send send, Receive receive, Action idle)
    {
        var random = new Random(1);
        var testcases = Enumerable.Range(0, count).Select(_ => RandomTestcase(random)).ToArray();
        var gaps = Enumerable.Range(0, count).Select(_ => random.Next(MinGapMs, MaxGapMs + 1)).ToArray();
        var micros = new List<double>(count);
        long lastArrival = 0;
        long allSentAt = 0;
        // One delegate for the whole run: B's loop must not allocate (and collect) per poll.
        Take arrived = Arrived;
        var reader = new Thread(() =>
        {
            while (micros.Count < count)
            {
                var sentAt = Volatile.Read(ref allSentAt);
                if (sentAt != 0 && Stopwatch.GetElapsedTime(sentAt) > Straggler)
                {
                    return;
                }

                if (receive(arrived) == 0)
                {
                    idle();
                }
            }
        });

        reader.Start();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            if (paced)
            {
                Thread.Sleep(gaps[i]);
            }

            BinaryPrimitives.WriteInt64LittleEndian(testcases[i], Stopwatch.GetTimestamp());
            send(i, testcases[i]);
        }

        Volatile.Write(ref allSentAt, Stopwatch.GetTimestamp());
        reader.Join();
        return (micros, Stopwatch.GetElapsedTime(start, lastArrival).TotalSeconds);

        void Arrived(ReadOnlySpan<byte> testcase)
        {
            lastArrival = Stopwatch.GetTimestamp();
            micros.Add(Stopwatch.GetElapsedTime(BinaryPrimitives.ReadInt64LittleEndian(testcase), lastArrival).TotalMicroseconds);
        }
    }

    private static byte[] RandomTestcase(Random random)
    {
        var testcase = new byte[random.Next(MinTestcaseBytes, MaxTestcaseBytes + 1)];
        random.NextBytes(testcase);
        return testcase;
    }
}
