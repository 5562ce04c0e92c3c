using System.Diagnostics;
using System.Net.Sockets;
using FuzzTest.Messaging.Llmp;

namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// One authenticated connection to another broker. A sender thread reads the local broadcast
/// chain from its first page and forwards each message (with its <see cref="Origin"/>) except
/// those that came from the peer or over this link; the calling thread reads the peer's frames
/// and hands the messages to the pump thread. Any error ends the link with one log line.
/// An idle sender does not poll: it waits until the pump thread wakes it (<see cref="Wake"/>)
/// or a heartbeat is due, so links cost no CPU while nothing happens.
/// </summary>
internal sealed class BrokerLink
{
    /// <summary>An idle link sends a heartbeat this often, so the peer's reads see traffic well within <see cref="IdleTimeout"/>.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A link that neither receives a frame nor gets a send through for this long is dead (a
    /// half-open connection after the peer's machine vanished): ten missed heartbeats.
    /// </summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Messages sent before the sender thread checks again whether the link was closed.</summary>
    private const int BatchSize = 256;

    private readonly Socket socket;
    private readonly LinkContext context;

    // Never disposed: the pump thread may still wake a link that has just ended. (On Unix it
    // holds no OS handle; elsewhere the finalizer frees it.)
    private readonly AutoResetEvent broadcastWritten = new(false);
    private string? dropReason;
    private int closed;
    private int waiting;

    /// <summary>Wraps an authenticated connection.</summary>
    /// <param name="socket">The connection, past <see cref="BrokerAuthentication"/>.</param>
    /// <param name="id">This link's number at the host (1, 2, 3 …; 0 stands for local clients in <see cref="Origin.ViaLink"/>).</param>
    /// <param name="peer">The peer's broker id.</param>
    /// <param name="name">The peer's address, for log lines.</param>
    /// <param name="context">The host's side.</param>
    public BrokerLink(Socket socket, int id, ulong peer, string name, LinkContext context)
    {
        this.socket = socket;
        this.context = context;
        Id = id;
        Peer = peer;
        Name = name;
    }

    /// <summary>This link's number at the host.</summary>
    public int Id { get; }

    /// <summary>The peer's broker id.</summary>
    public ulong Peer { get; }

    /// <summary>The peer's address.</summary>
    public string Name { get; }

    /// <summary>Runs the link until it drops or is closed; logs why it ended.</summary>
    public void Run()
    {
        var sender = new Thread(SendLoop) { IsBackground = true, Name = $"LLMP link sender {Name}" };
        var started = false;
        try
        {
            // Throws if the link was closed before it ran (the host is shutting down).
            socket.ReceiveTimeout = socket.SendTimeout = (int)IdleTimeout.TotalMilliseconds;
            socket.NoDelay = true;
            sender.Start();
            started = true;
            ReceiveLoop();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or InvalidDataException)
        {
            Close(Describe(e, "receiving"));
        }

        // Not from ThreadState: a background thread that never started reads Unstarted | Background.
        if (started)
        {
            sender.Join();
        }
        if (!context.Stopping.IsCancellationRequested)
        {
            context.Log($"link {Id} to {Name} (broker {Peer:x16}) dropped: {dropReason}");
        }
    }

    /// <summary>Ends the link (its sender and receiver stop); the first reason given is the one logged.</summary>
    public void Close(string reason)
    {
        Interlocked.CompareExchange(ref dropReason, reason, null);
        if (Interlocked.Exchange(ref closed, 1) != 0)
        {
            return;
        }

        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        socket.Dispose();
        broadcastWritten.Set();
    }

    /// <summary>
    /// Called by the pump thread after a round that may have written to the broadcast chain:
    /// wakes the sender if it waits. The exchange is a full fence, so either the sender sees
    /// the new message on its last look before waiting, or this sees it waiting.
    /// </summary>
    public void Wake()
    {
        if (Interlocked.Exchange(ref waiting, 0) == 1)
        {
            broadcastWritten.Set();
        }
    }

    private static string Describe(Exception e, string doing) => e switch
    {
        SocketException { SocketErrorCode: SocketError.TimedOut } => $"nothing {(doing == "sending" ? "got through" : "arrived")} for {IdleTimeout.TotalSeconds:0} s",
        InvalidDataException => $"malformed frame from the peer: {e.Message}",
        EndOfStreamException => "the peer closed the connection",
        _ => $"{doing} failed: {e.Message}",
    };

    private void ReceiveLoop()
    {
        while (true)
        {
            var frame = TcpFrame.Read(socket, BrokerLinkFrames.MaxFrameLength);
            switch (frame.Kind)
            {
                case BrokerLinkFrames.MessageKind:
                    context.Deliver(BrokerLinkFrames.ReadMessage(frame, Id));
                    break;
                case BrokerLinkFrames.HeartbeatKind:
                    break;
                default:
                    BrokerLinkFrames.ThrowIfError(frame);
                    throw new InvalidDataException($"a frame of kind {frame.Kind}, which an established link does not carry");
            }
        }
    }

    private void SendLoop()
    {
        try
        {
            using var broadcast = new LlmpReceiver(context.BroadcastName, context.BroadcastSize);
            var backoff = new IdleBackoff();
            var lastSend = Stopwatch.GetTimestamp();
            var position = 0;
            var armed = false;
            while (Volatile.Read(ref closed) == 0)
            {
                var read = 0;
                while (read < BatchSize && broadcast.TryReceiveInPlace(out var message))
                {
                    read++;
                    if (Send(context.Origins[position++], message))
                    {
                        lastSend = Stopwatch.GetTimestamp();
                    }
                }

                if (read > 0)
                {
                    backoff.Worked();
                    armed = false;
                    continue;
                }

                if (Stopwatch.GetElapsedTime(lastSend) >= HeartbeatInterval)
                {
                    TcpFrame.Write(socket, BrokerLinkFrames.HeartbeatKind, []);
                    lastSend = Stopwatch.GetTimestamp();
                }

                if (backoff.TrySpin())
                {
                    continue;
                }

                if (!armed)
                {
                    // Announce the wait, then look once more: a message written just before the
                    // announcement is found by that look, one written after it wakes us.
                    Interlocked.Exchange(ref waiting, 1);
                    armed = true;
                    continue;
                }

                broadcastWritten.WaitOne(HeartbeatInterval);
                armed = false;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or InvalidDataException)
        {
            Close(Describe(e, "sending"));
        }
        catch (Exception e)
        {
            // A bug, not the peer: end this link with the details rather than the process.
            Close($"the sender failed: {e}");
        }
    }

    // Not back to where it came from: the peer is its origin, or it arrived over this link.
    // Anything else goes on, so a chain or a ring of brokers reaches everyone; the receivers'
    // SeenMessages drop the copies that arrive over a second path.
    private bool Send(Origin origin, in LlmpView message)
    {
        if (origin.Broker == Peer || origin.ViaLink == Id)
        {
            return false;
        }

        if (message.Payload.Length > BrokerLinkFrames.MaxPayloadLength)
        {
            context.Log($"link {Id} to {Name}: a message of {message.Payload.Length} bytes (tag 0x{message.Tag:x}) exceeds the {BrokerLinkFrames.MaxPayloadLength}-byte limit and stays local");
            return false;
        }

        var sender = message.Sender & ~LlmpBrokerHost.RemoteSenderFlag;
        Span<byte> header = stackalloc byte[BrokerLinkFrames.MessageHeaderSize];
        BrokerLinkFrames.WriteMessageHeader(header, origin, sender, message.Tag);
        TcpFrame.Write(socket, BrokerLinkFrames.MessageKind, header, message.Payload);
        return true;
    }
}
