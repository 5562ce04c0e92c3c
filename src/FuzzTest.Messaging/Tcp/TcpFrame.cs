using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;

namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// One length-prefixed frame on a TCP connection, the unit of both the client registration
/// (<see cref="RegistrationFrames"/>) and the broker-to-broker link (<see cref="BrokerLinkFrames"/>).
/// </summary>
/// <remarks>
/// Frame header (8 bytes, little-endian like the pages), then the body:
/// <code>
/// offset size field
///      0    4 length  bytes that follow this field: the kind and the body (4 ≤ length ≤ the reader's limit)
///      4    4 kind    what the body is; each protocol numbers its own kinds
///      8    …  body   length − 4 bytes
/// </code>
/// The reader checks the length against its limit before allocating anything, so a peer that
/// announces 4 GiB gets refused instead of served. A read that times out part-way leaves the
/// stream out of step; callers therefore drop the connection on any error, never resume it.
/// </remarks>
/// <param name="Kind">What the body is.</param>
/// <param name="Body">The bytes after the kind.</param>
internal readonly record struct TcpFrame(uint Kind, byte[] Body)
{
    /// <summary>Bytes before the body: the length and the kind.</summary>
    public const int HeaderSize = 8;

    /// <summary>Smallest length field: a frame always carries its kind.</summary>
    private const int MinLength = 4;

    /// <summary>Writes one frame. One thread writes to a socket at a time: a frame may go out in several sends.</summary>
    /// <exception cref="SocketException">The connection failed or the send timed out.</exception>
    public static void Write(Socket socket, uint kind, ReadOnlySpan<byte> body) => Write(socket, kind, body, []);

    /// <summary>Writes one frame whose body is <paramref name="head"/> then <paramref name="tail"/> (a message header and its payload, without joining them first).</summary>
    /// <exception cref="SocketException">The connection failed or the send timed out.</exception>
    public static void Write(Socket socket, uint kind, ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail)
    {
        var length = HeaderSize + head.Length + tail.Length;
        var frame = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)(MinLength + head.Length + tail.Length));
            BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), kind);
            head.CopyTo(frame.AsSpan(HeaderSize));
            tail.CopyTo(frame.AsSpan(HeaderSize + head.Length));
            var sent = 0;
            while (sent < length)
            {
                sent += socket.Send(frame, sent, length - sent, SocketFlags.None);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    /// <summary>Writes a last frame (a refusal) to a peer that may be gone already; false if it could not be sent.</summary>
    public static bool TryWrite(Socket socket, uint kind, ReadOnlySpan<byte> body)
    {
        try
        {
            Write(socket, kind, body);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The peer hung up or the socket was closed under us: the caller's log line is what matters.
            return false;
        }
    }

    /// <summary>Reads one frame whose length field is at most <paramref name="maxLength"/>.</summary>
    /// <exception cref="InvalidDataException">The length is out of range: the peer does not speak this protocol, or lies.</exception>
    /// <exception cref="EndOfStreamException">The peer closed the connection.</exception>
    /// <exception cref="SocketException">The connection failed or the read timed out.</exception>
    public static TcpFrame Read(Socket socket, int maxLength)
    {
        // The length alone first: a bad one is refused before anything else is awaited.
        Span<byte> prefix = stackalloc byte[4];
        ReadExactly(socket, prefix);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        if (length < MinLength || length > (uint)maxLength)
        {
            throw new InvalidDataException($"a frame announces {length} bytes; this side takes {MinLength} to {maxLength}");
        }

        ReadExactly(socket, prefix);
        var kind = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        var body = new byte[length - MinLength];
        ReadExactly(socket, body);
        return new TcpFrame(kind, body);
    }

    private static void ReadExactly(Socket socket, Span<byte> into)
    {
        while (!into.IsEmpty)
        {
            var read = socket.Receive(into);
            if (read == 0)
            {
                throw new EndOfStreamException("the peer closed the connection");
            }

            into = into[read..];
        }
    }
}
