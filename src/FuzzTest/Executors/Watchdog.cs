namespace FuzzTest.Executors;

/// <summary>
/// Detects a run that takes longer than the timeout. .NET cannot abort a thread, so the only
/// honest reaction in-process is to hand the input to <c>onTimeout</c> (which saves it and ends
/// the process, as libFuzzer's -timeout and Go's worker do). The watchdog costs the fuzz loop
/// nothing per run: it samples the run sequence of <see cref="InFlightInput"/> on its own thread.
/// </summary>
internal sealed class Watchdog : IDisposable
{
    private readonly InFlightInput inFlight;
    private readonly TimeSpan timeout;
    private readonly Action<byte[]> onTimeout;
    private readonly Thread thread;
    private readonly ManualResetEventSlim stop = new();

    /// <summary>
    /// Starts watching <paramref name="inFlight"/>; <paramref name="onTimeout"/> receives the input
    /// of a run that outlived <paramref name="timeout"/> and must save it before it marks the record.
    /// </summary>
    public Watchdog(InFlightInput inFlight, TimeSpan timeout, Action<byte[]> onTimeout)
    {
        this.inFlight = inFlight;
        this.timeout = timeout;
        this.onTimeout = onTimeout;
        thread = new Thread(Watch) { IsBackground = true, Name = "FuzzTest watchdog" };
        thread.Start();
    }

    /// <summary>Stops watching.</summary>
    public void Dispose()
    {
        stop.Set();
        thread.Join();
        stop.Dispose();
    }

    private void Watch()
    {
        // Sampling four times per timeout reports a hang between 1 and 1.25 timeouts after it began.
        var interval = TimeSpan.FromTicks(Math.Max(timeout.Ticks / 4, TimeSpan.FromMilliseconds(5).Ticks));
        var lastSequence = -1L;
        var unchangedSince = DateTime.UtcNow;
        while (!stop.Wait(interval))
        {
            var sequence = inFlight.Sequence;
            var now = DateTime.UtcNow;
            if (sequence != lastSequence || !inFlight.IsRunning)
            {
                lastSequence = sequence;
                unchangedSince = now;
                continue;
            }

            if (now - unchangedSince >= timeout)
            {
                var input = inFlight.Snapshot();

                // The run may have ended just now and the next begun: then the snapshot is not the hang.
                if (inFlight.Sequence != sequence || !inFlight.IsRunning)
                {
                    continue;
                }

                onTimeout(input);
                return;
            }
        }
    }
}
