namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// The messages from other brokers a host has already broadcast, by origin broker and number, so
/// a copy that arrives again (over a second path, or replayed after a reconnect) is dropped. Per
/// origin it keeps the highest number below which every message was seen, plus the few seen above
/// it, so memory stays small while messages arrive roughly in order. Pump thread only.
/// </summary>
internal sealed class SeenMessages
{
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
