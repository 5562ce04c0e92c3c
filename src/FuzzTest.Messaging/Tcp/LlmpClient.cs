using System.Net;
using System.Net.Sockets;
using FuzzTest.Messaging.Llmp;

namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// A client of an <see cref="LlmpBrokerHost"/>: registers its own page chain over TCP, then sends
/// and receives through shared memory only. The TCP connection stays open, idle, for the client's
/// lifetime: its close is how the host learns that the client left (see
/// <see cref="RegistrationFrames"/>), also when the process was killed and could not say so.
/// </summary>
internal sealed class LlmpClient : IDisposable
{
    /// <summary>
    /// The id the sender's first page carries in its header until the host assigns one (see
    /// <see cref="LlmpSender.AssignId"/>): the page must exist before the hello, which names it.
    /// </summary>
    private const uint UnassignedId = uint.MaxValue;

    /// <summary>
    /// How long <see cref="Dispose"/> waits for the host to read this client's chain through.
    /// Normally a pump round (well under a millisecond to a few); the limit only matters when the
    /// host hangs, and a worker that is being replaced must not hang with it. Past it, messages
    /// on pages the host has not mapped yet may be lost, as they would be if the host were gone.
    /// </summary>
    private static readonly TimeSpan DepartureTimeout = TimeSpan.FromSeconds(2);

    private readonly LlmpSender sender;
    private readonly LlmpReceiver receiver;
    private readonly Doorbell doorbell;
    private readonly Socket connection;

    private LlmpClient(uint id, LlmpSender sender, LlmpReceiver receiver, Doorbell doorbell, Socket connection)
    {
        Id = id;
        this.sender = sender;
        this.receiver = receiver;
        this.doorbell = doorbell;
        this.connection = connection;
    }

    /// <summary>The id the host assigned; every message this client sends carries it.</summary>
    public uint Id { get; }

    /// <summary>Creates a page chain, registers it with the host on 127.0.0.1:<paramref name="port"/>, and opens the broadcast chain.</summary>
    /// <param name="port">The host's registration port.</param>
    /// <param name="timeout">Limit on connecting and on each read of the handshake.</param>
    /// <param name="pageSize">Bytes per page of this client's chain.</param>
    /// <exception cref="IOException">Nothing answers on the port, or the connection failed or timed out.</exception>
    /// <exception cref="InvalidDataException">The host refused the registration, or answered something that is not this protocol.</exception>
    public static LlmpClient Connect(int port, TimeSpan timeout, long pageSize = LlmpSender.DefaultPageSize)
    {
        var sender = new LlmpSender(UnassignedId, pageSize);
        var connection = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            var acceptance = Register(port, timeout, sender, connection);
            sender.AssignId(acceptance.Id);
            var doorbell = OpenDoorbell(port, acceptance);
            try
            {
                return new LlmpClient(acceptance.Id, sender, new LlmpReceiver(acceptance.BroadcastName, acceptance.BroadcastSize), doorbell, connection);
            }
            catch (InvalidDataException e)
            {
                doorbell.Dispose();
                throw new InvalidDataException($"LLMP: the broadcast chain of the broker on port {port} cannot be read: {e.Message}", e);
            }
        }
        catch
        {
            // Closing the connection first: a host that added the client removes it again, and
            // reads nothing from the pages about to go.
            connection.Dispose();
            sender.Dispose();
            throw;
        }
    }

    /// <summary>Sends one message to every other client (through the broker).</summary>
    /// <exception cref="ArgumentException">The tag is reserved for the messaging layer.</exception>
    public void Send(uint tag, ReadOnlySpan<byte> payload)
    {
        sender.Send(tag, payload);
        doorbell.Ring();
    }

    /// <summary>Takes the next broadcast message another client (or another broker) sent, in place; this client's own are skipped.</summary>
    /// <exception cref="InvalidDataException">The broadcast chain is malformed.</exception>
    public bool TryReceive(out LlmpView message)
    {
        while (receiver.TryReceiveInPlace(out message))
        {
            if (message.Sender != Id)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Leaves: tells the host (by closing the sending half of the connection), waits until the
    /// host has read every message this client published and closed the connection in turn (at
    /// most <see cref="DepartureTimeout"/>), then removes the pages. Removing them first could
    /// take away a page the host has not mapped yet, with the messages on it.
    /// </summary>
    public void Dispose()
    {
        try
        {
            connection.Shutdown(SocketShutdown.Send);
            connection.ReceiveTimeout = (int)DepartureTimeout.TotalMilliseconds;
            Span<byte> ignored = stackalloc byte[1];
            while (connection.Receive(ignored) > 0)
            {
                // The host sends nothing after its acceptance; only its close is awaited.
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Timed out, or the host is gone (reset): nothing more to wait for.
        }
        finally
        {
            connection.Dispose();
            doorbell.Dispose();
            receiver.Dispose();
            sender.Dispose();
        }
    }

    private static Doorbell OpenDoorbell(int port, Acceptance acceptance)
    {
        try
        {
            return Doorbell.Open(acceptance.DoorbellName, acceptance.DoorbellSize);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"LLMP: the doorbell of the broker on port {port} cannot be mapped: {e.Message}", e);
        }
    }

    private static Acceptance Register(int port, TimeSpan timeout, LlmpSender sender, Socket socket)
    {
        try
        {
            using (var cancel = new CancellationTokenSource(timeout))
            {
                socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel.Token).AsTask().GetAwaiter().GetResult();
            }

            socket.ReceiveTimeout = socket.SendTimeout = (int)timeout.TotalMilliseconds;
            TcpFrame.Write(socket, RegistrationFrames.HelloKind, RegistrationFrames.Hello(sender.FirstPageName, sender.FirstPageSize));
            return RegistrationFrames.ReadAccepted(TcpFrame.Read(socket, RegistrationFrames.MaxFrameLength));
        }
        catch (OperationCanceledException)
        {
            throw new IOException($"LLMP: no broker accepted a connection on 127.0.0.1:{port} within {timeout.TotalMilliseconds:0} ms.");
        }
        catch (SocketException e)
        {
            throw new IOException($"LLMP: registering with the broker on 127.0.0.1:{port} failed: {e.Message} ({e.SocketErrorCode}).", e);
        }
        catch (EndOfStreamException e)
        {
            throw new IOException($"LLMP: the broker on 127.0.0.1:{port} closed the connection during registration.", e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"LLMP: registering with the broker on 127.0.0.1:{port} failed: {e.Message}.", e);
        }
    }
}
