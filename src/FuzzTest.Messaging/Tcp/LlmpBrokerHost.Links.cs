using System.Collections.Concurrent;
using FuzzTest.Messaging.Llmp;

namespace FuzzTest.Messaging.Tcp;

/// <summary>Links to other brokers: running them, and taking what they deliver on the pump thread.</summary>
internal sealed partial class LlmpBrokerHost
{
    /// <summary>
    /// Set on the sender id of every message that came from another broker, above the client id
    /// it had at its origin. Local client ids stay below it (<see cref="MaxClientId"/>), so a
    /// client never mistakes a remote message for its own, and can still tell remote ones apart.
    /// </summary>
    public const uint RemoteSenderFlag = 0x8000_0000;

    /// <summary>Remote messages the pump thread takes per round, so a flood from a peer never starves the local clients.</summary>
    private const int MaxRemotePerRound = 4096;

    private readonly ConcurrentQueue<RemoteMessage> remoteMessages = new();
    private readonly ConcurrentDictionary<int, BrokerLink> links = new();
    private readonly HashSet<Thread> linkThreads = [];
    private readonly SeenMessages seen = new();
    private BrokerLink[] linkSnapshot = [];
    private int nextLinkId;
    private int linksEstablished;
    private long remoteBroadcast;
    private long remoteDropped;

    /// <summary>Broker links up now.</summary>
    public int LinkCount => links.Count;

    /// <summary>Broker links that got through authentication so far (reconnections included).</summary>
    public int LinksEstablished => Volatile.Read(ref linksEstablished);

    /// <summary>Messages from other brokers written to the broadcast chain.</summary>
    public long RemoteMessagesBroadcast => Interlocked.Read(ref remoteBroadcast);

    /// <summary>Messages from other brokers dropped as already seen (a second path, a replay, or our own coming back).</summary>
    public long RemoteDuplicatesDropped => Interlocked.Read(ref remoteDropped);

    /// <summary>Closes every broker link now; connecting sides reconnect (a test hook, and a way to force a fresh replay).</summary>
    public void DropBrokerLinks()
    {
        foreach (var link in links.Values)
        {
            link.Close("dropped on request");
        }
    }

    private LinkContext CreateLinkContext() => new(
        BrokerId,
        broker.Broadcast.FirstPageName,
        broker.Broadcast.FirstPageSize,
        origins,
        message =>
        {
            remoteMessages.Enqueue(message);
            doorbell.Ring();
        },
        line => Log($"LLMP broker :{Port}: {line}"),
        stopping.Token);

    // Runs an authenticated link on the calling thread until it drops.
    private void RunLink(System.Net.Sockets.Socket socket, ulong peer, string name)
    {
        var link = new BrokerLink(socket, Interlocked.Increment(ref nextLinkId), peer, name, CreateLinkContext());
        links[link.Id] = link;
        UpdateLinkSnapshot();
        Interlocked.Increment(ref linksEstablished);
        try
        {
            if (stopping.IsCancellationRequested)
            {
                link.Close("the broker is shutting down");
            }

            link.Run();
        }
        finally
        {
            links.TryRemove(link.Id, out _);
            UpdateLinkSnapshot();
        }
    }

    // The pump thread wakes links from an array, so it never enumerates the dictionary (which allocates) per round.
    private void UpdateLinkSnapshot()
    {
        lock (links)
        {
            Volatile.Write(ref linkSnapshot, [.. links.Values]);
        }
    }

    // Pump thread, after a round with work: the links' senders may have something to forward.
    private void WakeLinks()
    {
        foreach (var link in Volatile.Read(ref linkSnapshot))
        {
            link.Wake();
        }
    }

    // Threads start under the lock and not at all once stopping, so StopLinks (which takes the
    // lock after stopping was set) joins every thread there will ever be.
    private bool StartLinkThread(string name, ThreadStart body)
    {
        Thread? thread = null;
        thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                // A bug: report it and lose this link, not the process.
                Log($"LLMP broker :{Port}: {name} failed: {e}");
            }
            finally
            {
                lock (linkThreads)
                {
                    linkThreads.Remove(thread!);
                }
            }
        })
        { IsBackground = true, Name = name };
        lock (linkThreads)
        {
            if (stopping.IsCancellationRequested)
            {
                return false;
            }

            linkThreads.Add(thread);
            thread.Start();
        }

        return true;
    }

    // Pump thread only: the only writer of the broadcast chain.
    private int TakeRemoteMessages()
    {
        var taken = 0;
        while (taken < MaxRemotePerRound && remoteMessages.TryDequeue(out var message))
        {
            taken++;
            if (message.Origin.Broker == BrokerId || !seen.Add(message.Origin.Broker, message.Origin.Sequence))
            {
                Interlocked.Increment(ref remoteDropped);
                continue;
            }

            // The origin first: a link that reads the message must find it (see OriginLog).
            origins.AppendRemote(message.Origin);
            broker.Broadcast.Send(message.Tag, message.Payload, RemoteSenderFlag | message.Sender);
            Interlocked.Increment(ref remoteBroadcast);
        }

        return taken;
    }

    private void StopLinks()
    {
        foreach (var listening in brokerListeners)
        {
            listening.Dispose();
        }

        DropBrokerLinks();
        Thread[] running;
        lock (linkThreads)
        {
            running = [.. linkThreads];
        }

        foreach (var thread in running)
        {
            thread.Join();
        }
    }
}
