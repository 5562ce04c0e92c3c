namespace FuzzTest.Messaging.Llmp;

/// <summary>
/// Reads every client's page chain and copies the messages its hook does not handle into one
/// broadcast chain that every client reads. Broadcast pages are kept, so a client that joins
/// late replays the whole history. A client that left is read through and removed
/// (<see cref="RemoveClient"/>); one whose page turns out malformed is dropped with a log line;
/// the others go on.
/// </summary>
internal sealed class LlmpBroker : IDisposable
{
    /// <summary>Decides whether a message goes on to every client (true) or was handled by the broker.</summary>
    public delegate bool Forward(in LlmpView message);

    /// <summary>The sender id the broker stamps on its own messages.</summary>
    public const uint BrokerId = 0;

    // A client's backlog is forwarded with one publish per this many messages rather than one
    // each: readers then fetch the broadcast's current id once per batch instead of once per
    // message, while a client that keeps sending still cannot hold its messages back for long
    // (64 small messages take the broker a few microseconds).
    private const int PublishEvery = 64;

    // Messages read from one client per Pump at most. A client that writes as fast as the
    // broker reads would otherwise keep Pump in its loop for good: the other clients starve
    // and the caller never gets control back (LibAFL drains each client completely). Large
    // enough that a burst of small messages still goes through in one call.
    private const int MaxPerClientPerPump = 4096;

    private readonly List<Client> clients = [];
    private readonly Forward forward;
    private readonly Action<string> log;

    /// <summary>Creates the broker and its broadcast chain.</summary>
    /// <param name="forward">Decides per message (read in place: copy what must outlive the call): true copies it to the broadcast chain, false means the broker handled it (statistics, say).</param>
    /// <param name="log">Where a dropped client is reported.</param>
    /// <param name="pageSize">Bytes per broadcast page.</param>
    public LlmpBroker(Forward forward, Action<string> log, long pageSize = LlmpSender.DefaultPageSize)
    {
        this.forward = forward;
        this.log = log;
        Broadcast = new LlmpSender(BrokerId, pageSize, keepPages: true);
    }

    /// <summary>The broadcast chain; clients read it from its first page.</summary>
    public LlmpSender Broadcast { get; }

    /// <summary>Clients being read now: added, and neither removed nor dropped.</summary>
    public int ClientCount => clients.Count;

    /// <summary>
    /// Starts reading the page chain of client <paramref name="id"/>, whose first page is
    /// <paramref name="name"/>. The broker is its only reader, so each page's name is removed
    /// once mapped: a client killed with SIGKILL leaves nothing in /dev/shm after the broker.
    /// </summary>
    /// <exception cref="InvalidDataException">The page is not an LLMP page of this layout.</exception>
    public void AddClient(uint id, string name, long size) => clients.Add(new Client(id, new LlmpReceiver(name, size, removeNames: true)));

    /// <summary>
    /// Moves the messages that have arrived, up to a few thousand per client, so that no client
    /// can keep the broker to itself; returns how many were read (call again while it is not 0).
    /// </summary>
    public int Pump()
    {
        var moved = 0;
        for (var i = clients.Count - 1; i >= 0; i--)
        {
            var (read, dropped) = Read(clients[i], MaxPerClientPerPump);
            moved += read;
            if (dropped)
            {
                clients.RemoveAt(i);
            }
        }

        return moved;
    }

    /// <summary>
    /// Client <paramref name="id"/> is gone (it closed its connection, or its process died): reads
    /// every message it published, with no per-call limit since it can publish no more, then
    /// stops reading its chain and unmaps its pages. Returns how many messages were read; 0 for
    /// an id the broker does not read (never added, or dropped as malformed already).
    /// </summary>
    public int RemoveClient(uint id)
    {
        var index = clients.FindIndex(client => client.Id == id);
        if (index < 0)
        {
            return 0;
        }

        var client = clients[index];
        clients.RemoveAt(index);
        var dropped = false;
        try
        {
            (var read, dropped) = Read(client, int.MaxValue);
            return read;
        }
        finally
        {
            // Also when the hook threw: the rest of this client's messages are lost then, but
            // its pages must not stay mapped for good.
            if (!dropped)
            {
                client.Receiver.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in clients)
        {
            client.Receiver.Dispose();
        }

        clients.Clear();
        Broadcast.Dispose();
    }

    // Reads at most limit messages of one client and forwards them; a malformed chain is
    // reported and its receiver disposed (dropped: the caller removes it from the list).
    private (int Read, bool Dropped) Read(Client client, int limit)
    {
        var moved = 0;
        try
        {
            var unpublished = 0;
            for (var read = 0; read < limit && client.Receiver.TryReceiveInPlace(out var message); read++)
            {
                moved++;
                if (forward(in message))
                {
                    // Forwarded under the original sender's id, so clients can skip their own.
                    Broadcast.Append(message.Tag, message.Payload, message.Sender);
                    if (++unpublished == PublishEvery)
                    {
                        Broadcast.Publish();
                        unpublished = 0;
                    }
                }
            }

            return (moved, false);
        }
        catch (InvalidDataException e)
        {
            log($"LLMP broker: dropped client {client.Id}: {e.Message}");
            client.Receiver.Dispose();
            return (moved, true);
        }
        finally
        {
            // Whatever was forwarded is out before the next client is read (or this one dropped).
            Broadcast.Publish();
        }
    }

    private sealed record Client(uint Id, LlmpReceiver Receiver);
}
