using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace FuzzTest.Messaging.Tcp;

/// <summary>Opening broker links: listening for other brokers, and connecting to one (reconnecting after a drop).</summary>
internal sealed partial class LlmpBrokerHost
{
    /// <summary>First pause before reconnecting after a failed attempt: short, so a cut link comes back quickly.</summary>
    public static readonly TimeSpan ReconnectDelayMin = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest pause between attempts (the pause doubles up to it): a broker that stays away costs one attempt per 5 s.</summary>
    public static readonly TimeSpan ReconnectDelayMax = TimeSpan.FromSeconds(5);

    private readonly ConcurrentBag<Socket> brokerListeners = [];

    /// <summary>
    /// Accepts links from other brokers that know <paramref name="secret"/>. Never opened by
    /// default: whatever peers send is executed by the fuzz targets here.
    /// </summary>
    /// <param name="endpoint">Where to listen; 127.0.0.1 on a free port when null. Give an outside address explicitly to link machines.</param>
    /// <param name="secret">The shared secret both sides prove they know (not empty).</param>
    /// <returns>The address bound (with the port picked).</returns>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public IPEndPoint ListenForBrokers(IPEndPoint? endpoint, ReadOnlyMemory<byte> secret)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var key = Secret(secret);
        endpoint ??= new IPEndPoint(IPAddress.Loopback, 0);
        var listening = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listening.Bind(endpoint);
            listening.Listen();
        }
        catch
        {
            listening.Dispose();
            throw;
        }

        brokerListeners.Add(listening);
        var bound = (IPEndPoint)listening.LocalEndPoint!;
        if (!StartLinkThread($"LLMP broker links on {bound}", () => AcceptBrokers(listening, key)))
        {
            listening.Dispose();
            throw new ObjectDisposedException(nameof(LlmpBrokerHost));
        }

        return bound;
    }

    /// <summary>
    /// Links to the broker listening on <paramref name="host"/>:<paramref name="port"/>, in the
    /// background: a failed attempt or a dropped link is logged and retried with a growing pause
    /// until this host is disposed.
    /// </summary>
    /// <param name="host">The other broker's host name or address.</param>
    /// <param name="port">Its broker-link port (see <see cref="ListenForBrokers"/>).</param>
    /// <param name="secret">The shared secret (not empty).</param>
    public void ConnectToBroker(string host, int port, ReadOnlyMemory<byte> secret)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var key = Secret(secret);
        if (!StartLinkThread($"LLMP broker link to {host}:{port}", () => KeepConnected(host, port, key)))
        {
            throw new ObjectDisposedException(nameof(LlmpBrokerHost));
        }
    }

    private static byte[] Secret(ReadOnlyMemory<byte> secret)
    {
        if (secret.IsEmpty)
        {
            throw new ArgumentException("LLMP: a broker link needs a non-empty shared secret.", nameof(secret));
        }

        return secret.ToArray();
    }

    private void AcceptBrokers(Socket listening, byte[] secret)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = listening.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (!stopping.IsCancellationRequested)
                {
                    Log($"LLMP broker :{Port}: accepting a broker link failed: {e.Message}");
                }

                if (e is ObjectDisposedException)
                {
                    return;
                }

                continue;
            }

            if (!StartLinkThread($"LLMP broker link from {connection.RemoteEndPoint}", () => AcceptBroker(connection, secret)))
            {
                connection.Dispose();
                return;
            }
        }
    }

    private void AcceptBroker(Socket connection, byte[] secret)
    {
        var name = connection.RemoteEndPoint?.ToString() ?? "?";
        handshakes[connection] = 0;
        try
        {
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            connection.ReceiveTimeout = connection.SendTimeout = (int)handshakeTimeout.TotalMilliseconds;
            ulong peer;
            try
            {
                peer = BrokerAuthentication.Accept(connection, BrokerId, secret);
            }
            catch (InvalidDataException e)
            {
                Log($"LLMP broker :{Port}: refused the broker link from {name}: {e.Message}");
                TcpFrame.TryWrite(connection, BrokerLinkFrames.ErrorKind, BrokerLinkFrames.Error(e.Message));
                return;
            }

            handshakes.TryRemove(connection, out _);
            RunLink(connection, peer, name);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            if (!stopping.IsCancellationRequested)
            {
                Log($"LLMP broker :{Port}: refused the broker link from {name}: {HandshakeFailure(e)}");
            }
        }
        finally
        {
            handshakes.TryRemove(connection, out _);
            connection.Dispose();
        }
    }

    private void KeepConnected(string host, int port, byte[] secret)
    {
        var delay = ReconnectDelayMin;
        while (!stopping.IsCancellationRequested)
        {
            // Dual-mode where the OS has IPv6, so a host name may resolve to either family.
            var connection = Socket.OSSupportsIPv6 ? new Socket(SocketType.Stream, ProtocolType.Tcp) : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            handshakes[connection] = 0;
            try
            {
                using (var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token))
                {
                    cancel.CancelAfter(handshakeTimeout);
                    connection.ConnectAsync(host, port, cancel.Token).AsTask().GetAwaiter().GetResult();
                }

                connection.ReceiveTimeout = connection.SendTimeout = (int)handshakeTimeout.TotalMilliseconds;
                var peer = BrokerAuthentication.Connect(connection, BrokerId, secret);
                handshakes.TryRemove(connection, out _);
                var linked = System.Diagnostics.Stopwatch.GetTimestamp();
                RunLink(connection, peer, $"{host}:{port}");

                // Back quickly after a link that held for a while; a peer that accepts and then
                // drops us at once keeps the growing pause, so it is not hammered.
                if (System.Diagnostics.Stopwatch.GetElapsedTime(linked) >= ReconnectDelayMax)
                {
                    delay = ReconnectDelayMin;
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or InvalidDataException or OperationCanceledException)
            {
                if (!stopping.IsCancellationRequested)
                {
                    Log($"LLMP broker :{Port}: linking to {host}:{port} failed: {HandshakeFailure(e)}; retrying in {delay.TotalMilliseconds:0} ms");
                }
            }
            finally
            {
                handshakes.TryRemove(connection, out _);
                connection.Dispose();
            }

            stopping.Token.WaitHandle.WaitOne(delay);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, ReconnectDelayMax.Ticks));
        }
    }

    private string HandshakeFailure(Exception e) => e switch
    {
        SocketException { SocketErrorCode: SocketError.TimedOut } or OperationCanceledException => $"no answer within {handshakeTimeout.TotalMilliseconds:0} ms",
        EndOfStreamException => "the peer closed the connection",
        _ => e.Message,
    };
}
