using System.Globalization;

namespace FuzzTest.Executors;

/// <summary>
/// AFL's answer to hangs while fuzzing: a run is only suspected of hanging after a short
/// exploration timeout, so a path that loops forever costs milliseconds rather than the full
/// timeout each time it is hit. A suspect is confirmed by running it again with the full
/// timeout; one that finishes doubles the exploration timeout, so slow targets adapt.
/// </summary>
/// <param name="timeout">The full per-input timeout a hang is confirmed with.</param>
internal sealed class HangSuspects(TimeSpan timeout)
{
    /// <summary>
    /// Once a hang is known, a suspect is confirmed only when the count of suspects reaches a
    /// power of this base (16, 64, 256, …): a slow but finite path still raises the exploration
    /// timeout after a while, and a real hang found again rarely costs a whole timeout.
    /// </summary>
    public const int ConfirmKnownHangBase = 4;

    /// <summary>The first exploration timeout: hundreds of times a typical run, short next to a restart.</summary>
    public static readonly TimeSpan FirstExplorationTimeout = TimeSpan.FromMilliseconds(50);

    private int knownSuspects;

    /// <summary>The full timeout.</summary>
    public TimeSpan Timeout => timeout;

    /// <summary>How long a run may take while fuzzing before it is suspected of hanging.</summary>
    public TimeSpan Exploration { get; private set; } = timeout < FirstExplorationTimeout ? timeout : FirstExplorationTimeout;

    /// <summary>True when a suspect is worth a run with the full timeout: always while no hang is known (<paramref name="hangKnown"/>), then at the 16th, 64th, … suspect.</summary>
    public bool ShouldConfirm(bool hangKnown) => !hangKnown || IsConfirmationDue(++knownSuspects);

    /// <summary>The suspect finished when run again: the exploration timeout doubles (up to the full one). Returns the line that says so.</summary>
    public string Cleared()
    {
        var before = Exploration;
        Exploration = Exploration * 2 < timeout ? Exploration * 2 : timeout;
        return string.Create(CultureInfo.InvariantCulture, $"[fuzz] a run took longer than {before.TotalMilliseconds:0} ms but finished when run again: not a hang. Slow runs are now allowed {Exploration.TotalMilliseconds:0} ms while fuzzing.");
    }

    private static bool IsConfirmationDue(int suspects)
    {
        for (var due = ConfirmKnownHangBase * ConfirmKnownHangBase; due <= suspects; due *= ConfirmKnownHangBase)
        {
            if (due == suspects)
            {
                return true;
            }
        }

        return false;
    }
}
