namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// The messages from other brokers a host has already broadcast, by origin broker and number, so
/// a copy that arrives again (over a second path, or replayed after a reconnect) is dropped. Per
/// origin it keeps the highest number below which every message was seen, plus those seen above
/// it, so memory stays small while messages arrive roughly in order. Pump thread only.
/// </summary>
internal sealed class SeenMessages
{
    /// <summary>
    /// Most numbers kept above the contiguous mark per origin. A number that never comes (a
    /// message too large for a link frame stays on its own side) would otherwise make every later
    /// one stay in the set for good; past this many, the mark jumps to the lowest number held, and
    /// a message that old arriving even later is taken for a copy. 65,536 numbers are about 2 MiB.
    /// </summary>
    public const int MaxAboveMark = 1 << 16;

    private readonly Dictionary<ulong, Window> origins = [];

    /// <summary>True the first time <paramref name="origin"/>'s message <paramref name="sequence"/> is offered, false after.</summary>
    public bool Add(ulong origin, long sequence)
    {
        if (!origins.TryGetValue(origin, out var window))
        {
            window = new Window();
            origins.Add(origin, window);
        }

        if (sequence <= window.Contiguous || !window.Above.Add(sequence))
        {
            return false;
        }

        if (window.Above.Count > MaxAboveMark)
        {
            window.Contiguous = window.Above.Min() - 1;
        }

        while (window.Above.Remove(window.Contiguous + 1))
        {
            window.Contiguous++;
        }

        return true;
    }

    private sealed class Window
    {
        // Numbers start at 1, so 0 means nothing seen yet.
        public long Contiguous;

        public HashSet<long> Above { get; } = [];
    }
}
