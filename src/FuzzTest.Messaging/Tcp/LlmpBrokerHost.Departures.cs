using System.Collections.Concurrent;
using System.Net.Sockets;

namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// Client departures. A client keeps its registration connection open for as long as it lives
/// (see <see cref="RegistrationFrames"/>); its close is its departure. The kernel closes the
/// connection of a process that dies in any way, SIGKILL included, so a client that could not
/// say goodbye is noticed all the same. The pump thread then reads the client's chain one last
/// time (nothing it published is lost) and unmaps its pages: without that, every worker that
/// ever ran would keep a page (about 1 MiB of populated memory) mapped in the broker for good.
/// </summary>
/// <remarks>
/// Connections are watched with one pending asynchronous read each rather than a thread each:
/// workers come and go hundreds of times a minute, and the runtime's socket engine waits for
/// all of them on one epoll thread. The pump closes the connection only after the client's
/// chain was read through, which is what a leaving <see cref="LlmpClient"/> waits for before it
/// removes its pages.
/// </remarks>
internal sealed partial class LlmpBrokerHost
{
    private readonly ConcurrentDictionary<uint, Socket> connections = new();
    private readonly ConcurrentQueue<uint> departures = new();
    private int liveClients;

    /// <summary>Clients the broker reads now: registered, and neither gone nor dropped as malformed.</summary>
    public int LiveClients => Volatile.Read(ref liveClients);

    // Registration thread, once the acceptance went out (or failed to: the watch then ends at
    // once and the client, added already, is removed again).
    private void Watch(uint id, Socket connection)
    {
        connections[id] = connection;
        if (stopping.IsCancellationRequested)
        {
            // Dispose may have closed the connections before this one was added.
            connection.Dispose();
            return;
        }

        _ = WatchAsync(id, connection);
    }

    private async Task WatchAsync(uint id, Socket connection)
    {
        // The client sends nothing after its hello: any completion of this read is its end.
        var buffer = new byte[1];
        try
        {
            if (await connection.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false) > 0)
            {
                Log($"LLMP broker :{Port}: client {id} sent bytes after registering; it is removed");
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // A reset (the peer died with unread data) is a departure too; a socket closed by
            // Dispose is not, and nobody pumps any more then.
            if (stopping.IsCancellationRequested)
            {
                return;
            }
        }

        departures.Enqueue(id);

        // A leaving client waits in Dispose until the broker reads it through.
        doorbell.Ring();
    }

    // Pump thread only: reads each departed client through, then removes it and closes its
    // connection, which tells a client waiting in Dispose that its pages may go.
    private int TakeDepartures()
    {
        var taken = 0;
        while (departures.TryDequeue(out var id))
        {
            taken++;
            try
            {
                broker.RemoveClient(id);
            }
            finally
            {
                if (connections.TryRemove(id, out var connection))
                {
                    connection.Dispose();
                }
            }
        }

        return taken;
    }

    // At Dispose, after the pump stopped: the clients still connected see the close and leave.
    private void CloseConnections()
    {
        foreach (var connection in connections.Values)
        {
            connection.Dispose();
        }

        connections.Clear();
    }
}
