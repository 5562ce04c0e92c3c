using System.Net.Sockets;

namespace FuzzTest.Messaging.Tcp;

/// <summary>Client registration: accepting connections, the handshake, and adding clients on the pump thread.</summary>
internal sealed partial class LlmpBrokerHost
{
    /// <summary>Client ids stay below this: ids from it up name messages from other brokers (see <see cref="RemoteSenderFlag"/>).</summary>
    private const uint MaxClientId = RemoteSenderFlag - 1;

    /// <summary>
    /// How long a registration waits for the pump thread to add the client. Not the peer's fault
    /// if slow, so not the (possibly short) handshake timeout: the pump only lags when the machine
    /// is overloaded, and a refusal then would only make the client retry.
    /// </summary>
    private static readonly TimeSpan PumpAnswerTimeout = TimeSpan.FromSeconds(30);

    private void AcceptLoop()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                Log($"LLMP broker :{Port}: accepting a registration failed: {e.Message}");
                continue;
            }

            // One thread per handshake, so a silent client delays only itself.
            handshakes[connection] = 0;
            new Thread(() => Register(connection)) { IsBackground = true, Name = $"LLMP registration :{Port}" }.Start();
        }
    }

    private void Register(Socket connection)
    {
        var peer = "a client";
        var handedOver = false;
        try
        {
            peer = $"the client at {connection.RemoteEndPoint}";
            connection.ReceiveTimeout = connection.SendTimeout = (int)handshakeTimeout.TotalMilliseconds;
            var (name, size) = RegistrationFrames.ReadHello(TcpFrame.Read(connection, RegistrationFrames.MaxFrameLength));
            using var pending = new PendingRegistration(name, size);
            registrations.Enqueue(pending);
            doorbell.Ring();
            if (stopping.IsCancellationRequested && pending.TryTake())
            {
                // Queued after the pump thread stopped: nobody else will answer.
                pending.Refuse("the broker is shutting down");
            }

            if (!pending.Wait(PumpAnswerTimeout))
            {
                throw new IOException("the broker did not take the registration in time");
            }

            if (pending.Error is { } error)
            {
                Refuse(connection, peer, error);
                return;
            }

            // Watched from here on whatever the write does: the client is in the broker now, and
            // a client that is gone already is removed again through the same path.
            handedOver = true;
            var accepted = TcpFrame.TryWrite(connection, RegistrationFrames.AcceptedKind, RegistrationFrames.Accepted(new Acceptance(pending.Id, broker.Broadcast.FirstPageName, broker.Broadcast.FirstPageSize, doorbell.Name, Doorbell.Size)));
            Watch(pending.Id, connection);
            if (!accepted && !stopping.IsCancellationRequested)
            {
                Log($"LLMP broker :{Port}: {peer} left before its acceptance as client {pending.Id} reached it");
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or SocketException or ObjectDisposedException)
        {
            var reason = e is SocketException { SocketErrorCode: SocketError.TimedOut } ? $"no hello within {handshakeTimeout.TotalMilliseconds:0} ms" : e.Message;
            Refuse(connection, peer, reason);
        }
        catch (Exception e)
        {
            // A bug, not the client: refuse it with the details rather than end the process.
            Refuse(connection, peer, $"internal error: {e}");
        }
        finally
        {
            handshakes.TryRemove(connection, out _);
            if (!handedOver)
            {
                connection.Dispose();
            }
        }
    }

    private void Refuse(Socket connection, string peer, string reason)
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        Log($"LLMP broker :{Port}: refused {peer}: {reason}");
        TcpFrame.TryWrite(connection, RegistrationFrames.ErrorKind, RegistrationFrames.Error(reason));
    }

    // Pump thread only: LlmpBroker is single-threaded.
    private int TakeRegistrations()
    {
        var taken = 0;
        while (registrations.TryDequeue(out var pending))
        {
            taken++;
            if (!pending.TryTake())
            {
                continue;
            }

            if (nextClientId > MaxClientId)
            {
                pending.Refuse("the broker has no client ids left");
                continue;
            }

            try
            {
                broker.AddClient(nextClientId, pending.Name, pending.Size);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                pending.Refuse($"its page cannot be read: {e.Message}");
                continue;
            }

            Interlocked.Increment(ref clientCount);
            pending.Accept(nextClientId++);
        }

        return taken;
    }

    // After the pump thread stopped: nobody will answer these any more.
    private void FailPendingRegistrations()
    {
        while (registrations.TryDequeue(out var pending))
        {
            if (pending.TryTake())
            {
                pending.Refuse("the broker is shutting down");
            }
        }
    }
}
