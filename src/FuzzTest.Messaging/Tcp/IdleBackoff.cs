using System.Diagnostics;

namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// How a polling thread (the broker's pump; a broker link's sender before it waits to be woken) waits when it found nothing:
/// spin for a short window after the last piece of work, so a busy exchange keeps sub-millisecond
/// latency, then sleep about a millisecond per round, so an idle broker leaves the cores to the fuzz
/// workers (the target machine has two).
/// </summary>
internal sealed class IdleBackoff
{
    /// <summary>
    /// Spin window after the last work: 200 µs. Messages of a busy exchange come far closer than
    /// that, so they are picked up at spin latency; an idle broker burns at most this much CPU
    /// after each burst.
    /// </summary>
    public static readonly TimeSpan SpinWindow = TimeSpan.FromMicroseconds(200);

    /// <summary>
    /// Sleep per idle round after the window: 1 ms (Linux sleeps ~1.1 ms). About 1,000 wake-ups a
    /// second cost well under 1 % of a core, and a message that arrives while idle waits at most
    /// about a millisecond, still far below an execution of a typical fuzz target batch.
    /// </summary>
    public const int SleepMilliseconds = 1;

    private long lastWork = Stopwatch.GetTimestamp();
    private SpinWait spinner;

    /// <summary>Records that the last round found work: the next idle rounds spin again.</summary>
    public void Worked()
    {
        lastWork = Stopwatch.GetTimestamp();
        spinner.Reset();
    }

    /// <summary>Waits after a round that found nothing: a spin inside the window, a sleep after it.</summary>
    public void Idle()
    {
        if (!TrySpin())
        {
            Thread.Sleep(SleepMilliseconds);
        }
    }

    /// <summary>Spins once if still inside the window after the last work; false when the caller should sleep or wait instead.</summary>
    public bool TrySpin()
    {
        if (Stopwatch.GetElapsedTime(lastWork) >= SpinWindow)
        {
            return false;
        }

        // Never Sleep(1) inside the window (that is what the window avoids); SpinOnce yields
        // the core to a runnable worker after a few rounds instead.
        spinner.SpinOnce(sleep1Threshold: -1);
        return true;
    }
}
