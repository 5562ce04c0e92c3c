using System.Diagnostics;

namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// How a polling thread (the broker's pump; a broker link's sender) spends the moments after its
/// last piece of work: it spins for a short window, so a busy exchange keeps sub-millisecond
/// latency, and only then waits to be woken (the pump on its <see cref="Doorbell"/>, a link's
/// sender on its own signal), so an idle broker leaves the cores to the fuzz workers (the
/// target machine has two).
/// </summary>
internal sealed class IdleBackoff
{
    /// <summary>
    /// Spin window after the last work: 200 µs. Messages of a busy exchange come far closer than
    /// that, so they are picked up at spin latency; an idle broker burns at most this much CPU
    /// after each burst.
    /// </summary>
    public static readonly TimeSpan SpinWindow = TimeSpan.FromMicroseconds(200);

    private long lastWork = Stopwatch.GetTimestamp();
    private SpinWait spinner;

    /// <summary>Records that the last round found work: the next idle rounds spin again.</summary>
    public void Worked()
    {
        lastWork = Stopwatch.GetTimestamp();
        spinner.Reset();
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
