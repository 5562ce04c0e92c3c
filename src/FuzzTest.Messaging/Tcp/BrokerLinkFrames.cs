using System.Buffers.Binary;
using System.Security.Cryptography;

namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// The broker-to-broker link protocol, as data. Each message is one <see cref="TcpFrame"/> (at most
/// <see cref="MaxFrameLength"/> bytes); all fields little-endian. A link starts with an
/// authentication (<see cref="BrokerAuthentication"/>): the connecting side sends <see cref="HelloKind"/>,
/// the accepting side answers with its own, the connecting side sends <see cref="ProofKind"/>, the
/// accepting side checks it and answers with its own proof (or <see cref="ErrorKind"/> and closes).
/// After that both sides send <see cref="MessageKind"/> and, when idle, <see cref="HeartbeatKind"/>.
/// </summary>
/// <remarks>
/// Hello body (52 bytes):
/// <code>
/// offset size field
///      0    8 magic      HelloMagic: tells a broker from a stray connection
///      8    4 version    ProtocolVersion
///     12    8 broker id  the sender's random id (see LlmpBrokerHost.BrokerId)
///     20   32 nonce      fresh from RandomNumberGenerator: the challenge the peer's proof must cover
/// </code>
/// Proof body (32 bytes): HMAC-SHA256 under the shared secret of
/// <c>ProofLabel ‖ prover id (8) ‖ verifier's nonce (32) ‖ prover's nonce (32) ‖ verifier id (8)</c>.
/// The verifier's fresh nonce makes a recorded proof useless later; the ids and their order make a
/// proof useless in the other direction or towards a third broker.
/// <para/>
/// Message body (24 bytes + payload):
/// <code>
/// offset size field
///      0    8 origin     the broker whose client sent the message first
///      8    8 sequence   that broker's number for it (1, 2, 3 …): with the origin, names the message everywhere
///     16    4 sender     the client id at the origin (never with LlmpBrokerHost.RemoteSenderFlag)
///     20    4 tag        the message's tag, never a reserved one
///     24    n payload    the message's bytes
/// </code>
/// Heartbeat body: empty. Error body: the reason, UTF-8, at most <see cref="MaxErrorLength"/> bytes.
/// </remarks>
internal static class BrokerLinkFrames
{
    /// <summary>"FTLLMPB1" read as a little-endian u64 (FuzzTest LLMP Broker link, first layout).</summary>
    public const ulong HelloMagic = 0x3142504D4C4C5446;

    /// <summary>Protocol version; a broker refuses any other.</summary>
    public const uint ProtocolVersion = 1;

    /// <summary>Frame kind of a hello.</summary>
    public const uint HelloKind = 1;

    /// <summary>Frame kind of an authentication proof.</summary>
    public const uint ProofKind = 2;

    /// <summary>Frame kind of a forwarded message.</summary>
    public const uint MessageKind = 3;

    /// <summary>Frame kind of a heartbeat: keeps an idle link's reads within their timeout.</summary>
    public const uint HeartbeatKind = 4;

    /// <summary>Frame kind of a refusal, the reason in the body.</summary>
    public const uint ErrorKind = 5;

    /// <summary>
    /// Largest frame a broker reads: 16 MiB. Far above any test case or statistics message, and
    /// low enough that a peer announcing a huge frame cannot make the broker allocate much.
    /// </summary>
    public const int MaxFrameLength = 16 << 20;

    /// <summary>
    /// Largest frame read before the peer has authenticated: hellos, proofs and errors fit in
    /// 4 KiB, and a stranger should not make the broker allocate 16 MiB.
    /// </summary>
    public const int MaxHandshakeFrameLength = 4096;

    /// <summary>Bytes of a message body before its payload.</summary>
    public const int MessageHeaderSize = 24;

    /// <summary>Largest payload a link forwards: what fits in the largest frame after the kind and the message header.</summary>
    public const int MaxPayloadLength = MaxFrameLength - 4 - MessageHeaderSize;

    /// <summary>Bytes of a nonce: as long as the HMAC-SHA256 output, so guessing one is as hard as forging a proof.</summary>
    public const int NonceSize = 32;

    /// <summary>Bytes of a hello body.</summary>
    public const int HelloSize = 20 + NonceSize;

    /// <summary>Longest error text sent.</summary>
    public const int MaxErrorLength = 1024;

    /// <summary>Domain separation for proofs: an HMAC made under the same secret for anything else never passes as one.</summary>
    public static ReadOnlySpan<byte> ProofLabel => "FuzzTest LLMP broker proof v1"u8;

    /// <summary>Encodes a hello.</summary>
    public static byte[] Hello(ulong brokerId, ReadOnlySpan<byte> nonce, ulong magic = HelloMagic, uint version = ProtocolVersion)
    {
        var body = new byte[HelloSize];
        BinaryPrimitives.WriteUInt64LittleEndian(body, magic);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), version);
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(12), brokerId);
        nonce.CopyTo(body.AsSpan(20));
        return body;
    }

    /// <summary>Decodes a hello: the peer's id and nonce.</summary>
    /// <exception cref="InvalidDataException">Not a hello of this protocol version.</exception>
    public static (ulong BrokerId, byte[] Nonce) ReadHello(TcpFrame frame)
    {
        ThrowIfError(frame);
        if (frame.Kind != HelloKind || frame.Body.Length != HelloSize)
        {
            throw new InvalidDataException($"expected a broker hello, got a frame of kind {frame.Kind} with {frame.Body.Length} bytes");
        }

        var magic = BinaryPrimitives.ReadUInt64LittleEndian(frame.Body);
        if (magic != HelloMagic)
        {
            throw new InvalidDataException($"bad magic 0x{magic:x16}: not an LLMP broker");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(frame.Body.AsSpan(8));
        if (version != ProtocolVersion)
        {
            throw new InvalidDataException($"the peer speaks link protocol version {version}; this broker speaks version {ProtocolVersion}");
        }

        return (BinaryPrimitives.ReadUInt64LittleEndian(frame.Body.AsSpan(12)), frame.Body[20..]);
    }

    /// <summary>The proof that <paramref name="prover"/> knows the secret, answering <paramref name="verifier"/>'s nonce.</summary>
    public static byte[] Proof(ReadOnlySpan<byte> secret, ulong prover, ReadOnlySpan<byte> verifierNonce, ReadOnlySpan<byte> proverNonce, ulong verifier)
    {
        var input = new byte[ProofLabel.Length + 8 + NonceSize + NonceSize + 8];
        var at = input.AsSpan();
        ProofLabel.CopyTo(at);
        at = at[ProofLabel.Length..];
        BinaryPrimitives.WriteUInt64LittleEndian(at, prover);
        verifierNonce.CopyTo(at[8..]);
        proverNonce.CopyTo(at[(8 + NonceSize)..]);
        BinaryPrimitives.WriteUInt64LittleEndian(at[(8 + NonceSize + NonceSize)..], verifier);
        return HMACSHA256.HashData(secret, input);
    }

    /// <summary>Encodes a forwarded message.</summary>
    public static byte[] Message(Origin origin, uint sender, uint tag, ReadOnlySpan<byte> payload)
    {
        var body = new byte[MessageHeaderSize + payload.Length];
        WriteMessageHeader(body, origin, sender, tag);
        payload.CopyTo(body.AsSpan(MessageHeaderSize));
        return body;
    }

    /// <summary>Writes the <see cref="MessageHeaderSize"/> bytes before a message's payload into <paramref name="into"/>.</summary>
    public static void WriteMessageHeader(Span<byte> into, Origin origin, uint sender, uint tag)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(into, origin.Broker);
        BinaryPrimitives.WriteInt64LittleEndian(into[8..], origin.Sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(into[16..], sender);
        BinaryPrimitives.WriteUInt32LittleEndian(into[20..], tag);
    }

    /// <summary>Decodes a forwarded message that arrived over link <paramref name="link"/>.</summary>
    /// <exception cref="InvalidDataException">Too short, a reserved tag, a sender id in the remote range, or a sequence number below 1.</exception>
    public static RemoteMessage ReadMessage(TcpFrame frame, int link)
    {
        var body = frame.Body.AsSpan();
        if (body.Length < MessageHeaderSize)
        {
            throw new InvalidDataException($"a message frame of {body.Length} bytes, shorter than its {MessageHeaderSize}-byte header");
        }

        var sequence = BinaryPrimitives.ReadInt64LittleEndian(body[8..]);
        var sender = BinaryPrimitives.ReadUInt32LittleEndian(body[16..]);
        var tag = BinaryPrimitives.ReadUInt32LittleEndian(body[20..]);
        if (sequence < 1 || (sender & LlmpBrokerHost.RemoteSenderFlag) != 0 || Llmp.PageLayout.IsReserved(tag))
        {
            throw new InvalidDataException($"a message with sequence {sequence}, sender 0x{sender:x} and tag 0x{tag:x}, which no broker sends");
        }

        var origin = new Origin(BinaryPrimitives.ReadUInt64LittleEndian(body), sequence, link);
        return new RemoteMessage(origin, sender, tag, frame.Body[MessageHeaderSize..]);
    }

    /// <summary>Throws the peer's refusal if <paramref name="frame"/> is one.</summary>
    /// <exception cref="InvalidDataException">It is an error frame.</exception>
    public static void ThrowIfError(TcpFrame frame)
    {
        if (frame.Kind == ErrorKind)
        {
            throw new InvalidDataException($"the peer refused: {System.Text.Encoding.UTF8.GetString(frame.Body)}");
        }
    }

    /// <summary>Encodes a refusal, cut to <see cref="MaxErrorLength"/> bytes.</summary>
    public static byte[] Error(string reason)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(reason);
        return bytes.Length <= MaxErrorLength ? bytes : bytes[..MaxErrorLength];
    }
}
