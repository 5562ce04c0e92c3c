using FuzzTest.Messaging.Llmp;

namespace FuzzTest.Benchmarks.Scenarios;

/// <summary>
/// A thread that pumps an LLMP broker without rest until disposed: the lower bound of delivery
/// latency, at the price of a core. The product's own pump (LlmpBrokerHost) rests when idle.
/// </summary>
internal sealed class PumpThread : IDisposable
{
    private readonly Thread thread;
    private volatile bool stop;

    /// <summary>Starts pumping <paramref name="broker"/>.</summary>
    public PumpThread(LlmpBroker broker)
    {
        thread = new Thread(() =>
        {
            while (!stop)
            {
                broker.Pump();
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
