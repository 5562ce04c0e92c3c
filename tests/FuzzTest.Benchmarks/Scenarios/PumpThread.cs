using System.Diagnostics;
using FuzzTest.Messaging.Llmp;

namespace FuzzTest.Benchmarks.Scenarios;

/// <summary>A thread that pumps an LLMP broker until disposed, either spinning or as a real host would.</summary>
internal sealed class PumpThread : IDisposable
{
    // After the last message the pump keeps polling this long before it starts sleeping: a
    // burst of testcases (a fuzzer often finds several at once) goes through without a sleep.
    private static readonly TimeSpan IdleSpin = TimeSpan.FromMicroseconds(100);

    // The real broker host sleeps about a millisecond per idle round, so a broker with nothing
    // to do costs next to no CPU.
    private const int IdleSleepMs = 1;

    private readonly Thread thread;
    private volatile bool stop;

    /// <summary>Starts pumping <paramref name="broker"/>; <paramref name="sleepWhenIdle"/> false spins all the time.</summary>
    public PumpThread(LlmpBroker broker, bool sleepWhenIdle)
    {
        thread = new Thread(() =>
        {
            var idleSince = Stopwatch.GetTimestamp();
            while (!stop)
            {
                if (broker.Pump() > 0)
                {
                    idleSince = Stopwatch.GetTimestamp();
                }
                else if (sleepWhenIdle && Stopwatch.GetElapsedTime(idleSince) > IdleSpin)
                {
                    Thread.Sleep(IdleSleepMs);
                }
            }
        });
        thread.Start();
    }

    /// <summary>Stops the thread and waits for it.</summary>
    public void Dispose()
    {
        stop = true;
        thread.Join();
    }
}
