namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// The <see cref="Origin"/> of every message on a host's broadcast chain, by its position there.
/// The pump thread appends an entry just before it writes the message, so a broker link that reads
/// the chain finds the entry of every message it reads; that is how a link knows what to tell the
/// remote broker without the chain carrying anything clients would see.
/// </summary>
/// <remarks>24 bytes per broadcast message, kept as long as the chain's pages are (for the whole run).</remarks>
internal sealed class OriginLog(ulong self)
{
    private readonly List<Origin> entries = [];
    private long localSequence;

    /// <summary>Records a message a local client sent and returns its origin (this broker, next number).</summary>
    public Origin AppendLocal()
    {
        lock (entries)
        {
            var origin = new Origin(self, ++localSequence, ViaLink: 0);
            entries.Add(origin);
            return origin;
        }
    }

    /// <summary>Records a message that arrived from another broker.</summary>
    public void AppendRemote(Origin origin)
    {
        lock (entries)
        {
            entries.Add(origin);
        }
    }

    /// <summary>The origin of the broadcast message at <paramref name="position"/> (0 = the first).</summary>
    public Origin this[int position]
    {
        get
        {
            lock (entries)
            {
                return entries[position];
            }
        }
    }
}
