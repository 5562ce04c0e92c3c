using System.Buffers.Binary;
using System.Text;

namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// The registration handshake between an <see cref="LlmpClient"/> and an <see cref="LlmpBrokerHost"/>,
/// as data. Each message is one <see cref="TcpFrame"/>; all fields little-endian. The client sends
/// <see cref="HelloKind"/>; the host answers <see cref="AcceptedKind"/> or <see cref="ErrorKind"/>.
/// After a refusal the host closes the connection. After an acceptance everything goes through
/// shared memory, but the connection stays open and silent for the client's lifetime, as its
/// presence: the client closing it (its sending half, or the kernel closing it for a process that
/// died, SIGKILL included) is its departure. The host then reads every message the client
/// published, stops reading its chain, and closes the connection; a client leaving on its own
/// waits for that close before it removes its pages.
/// </summary>
/// <remarks>
/// Hello body (client → host, 24 bytes + name):
/// <code>
/// offset size field
///      0    8 magic        HelloMagic: tells a client from a stray connection before trusting the rest
///      8    4 version      ProtocolVersion: bumped on any change to these frames or to the page layout
///     12    8 page size    bytes of the client's first page
///     20    4 name length  bytes of the name, 1 to SharedSegment.MaxNameLength
///     24    n name         UTF-8 name of the client's first page
/// </code>
/// Accepted body (host → client, 28 bytes + two names):
/// <code>
/// offset  size field
///      0     4 client id             the id the host assigned: 1, 2, 3 … never reused; the client stamps it on its messages
///      4     8 page size             bytes of the broadcast chain's first page
///     12     4 name length n         bytes of the broadcast name
///     16     8 doorbell size         bytes of the broker's doorbell segment (see Doorbell)
///     24     4 doorbell name length m
///     28     n name                  UTF-8 name of the broadcast chain's first page
///   28+n     m doorbell name         UTF-8 name of the doorbell segment, which the client rings after it publishes
/// </code>
/// Error body (host → client): the reason as UTF-8, at most <see cref="MaxErrorLength"/> bytes.
/// </remarks>
internal static class RegistrationFrames
{
    /// <summary>"FTLLMPR1" read as a little-endian u64 (FuzzTest LLMP Registration, first layout).</summary>
    public const ulong HelloMagic = 0x3152504D4C4C5446;

    /// <summary>
    /// Protocol version; a host refuses any other, so old and new builds never half-understand each other.
    /// 2: the connection stays open after an acceptance (a version-1 client closed it at once,
    /// which a version-2 host would take for its departure).
    /// 3: the acceptance names the broker's doorbell.
    /// </summary>
    public const uint ProtocolVersion = 3;

    /// <summary>Frame kind of the client's hello.</summary>
    public const uint HelloKind = 1;

    /// <summary>Frame kind of the host's acceptance.</summary>
    public const uint AcceptedKind = 2;

    /// <summary>Frame kind of a refusal, the reason in the body.</summary>
    public const uint ErrorKind = 3;

    /// <summary>Longest error text sent: enough for a reason, short enough that the frame stays small.</summary>
    public const int MaxErrorLength = 1024;

    /// <summary>Largest frame either side reads: the fixed fields, a name and an error text fit well within 4 KiB.</summary>
    public const int MaxFrameLength = 4096;

    private const int HelloFixedSize = 24;
    private const int AcceptedFixedSize = 28;

    /// <summary>Encodes a hello for the client page <paramref name="name"/> of <paramref name="size"/> bytes.</summary>
    public static byte[] Hello(string name, long size, ulong magic = HelloMagic, uint version = ProtocolVersion)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var body = new byte[HelloFixedSize + nameBytes.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(body, magic);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), version);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(12), size);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(20), nameBytes.Length);
        nameBytes.CopyTo(body, HelloFixedSize);
        return body;
    }

    /// <summary>Decodes a hello: the client's first page.</summary>
    /// <exception cref="InvalidDataException">Not a hello of this protocol version; the message says why.</exception>
    public static (string Name, long Size) ReadHello(TcpFrame frame)
    {
        if (frame.Kind != HelloKind || frame.Body.Length < HelloFixedSize)
        {
            throw new InvalidDataException($"expected a hello, got a frame of kind {frame.Kind} with {frame.Body.Length} bytes");
        }

        var body = frame.Body.AsSpan();
        var magic = BinaryPrimitives.ReadUInt64LittleEndian(body);
        if (magic != HelloMagic)
        {
            throw new InvalidDataException($"bad magic 0x{magic:x16}: not an LLMP client");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
        if (version != ProtocolVersion)
        {
            throw new InvalidDataException($"the client speaks protocol version {version}; this host speaks version {ProtocolVersion}");
        }

        var size = BinaryPrimitives.ReadInt64LittleEndian(body[12..]);
        var nameLength = BinaryPrimitives.ReadInt32LittleEndian(body[20..]);
        if (nameLength is <= 0 or > SharedSegment.MaxNameLength || nameLength != body.Length - HelloFixedSize || size <= 0)
        {
            throw new InvalidDataException($"a hello naming a {nameLength}-byte name ({body.Length - HelloFixedSize} sent) and a {size}-byte page");
        }

        return (Encoding.UTF8.GetString(body[HelloFixedSize..]), size);
    }

    /// <summary>Encodes the host's acceptance.</summary>
    public static byte[] Accepted(Acceptance acceptance)
    {
        var nameBytes = Encoding.UTF8.GetBytes(acceptance.BroadcastName);
        var doorbellBytes = Encoding.UTF8.GetBytes(acceptance.DoorbellName);
        var body = new byte[AcceptedFixedSize + nameBytes.Length + doorbellBytes.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(body, acceptance.Id);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(4), acceptance.BroadcastSize);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(12), nameBytes.Length);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(16), acceptance.DoorbellSize);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(24), doorbellBytes.Length);
        nameBytes.CopyTo(body, AcceptedFixedSize);
        doorbellBytes.CopyTo(body, AcceptedFixedSize + nameBytes.Length);
        return body;
    }

    /// <summary>Decodes the host's answer: the assigned id, the broadcast chain's first page and the doorbell.</summary>
    /// <exception cref="InvalidDataException">The host refused (the message carries its reason) or answered something else.</exception>
    public static Acceptance ReadAccepted(TcpFrame frame)
    {
        if (frame.Kind == ErrorKind)
        {
            throw new InvalidDataException($"the host refused the registration: {Encoding.UTF8.GetString(frame.Body)}");
        }

        var body = frame.Body.AsSpan();
        if (frame.Kind != AcceptedKind || body.Length < AcceptedFixedSize)
        {
            throw new InvalidDataException($"expected an acceptance, got a frame of kind {frame.Kind} with {body.Length} bytes");
        }

        var nameLength = BinaryPrimitives.ReadInt32LittleEndian(body[12..]);
        var doorbellLength = BinaryPrimitives.ReadInt32LittleEndian(body[24..]);
        if (nameLength is <= 0 or > SharedSegment.MaxNameLength || doorbellLength is <= 0 or > SharedSegment.MaxNameLength
            || nameLength + doorbellLength != body.Length - AcceptedFixedSize)
        {
            throw new InvalidDataException($"an acceptance naming a {nameLength}-byte and a {doorbellLength}-byte name ({body.Length - AcceptedFixedSize} bytes sent)");
        }

        var names = body[AcceptedFixedSize..];
        return new Acceptance(
            BinaryPrimitives.ReadUInt32LittleEndian(body),
            Encoding.UTF8.GetString(names[..nameLength]),
            BinaryPrimitives.ReadInt64LittleEndian(body[4..]),
            Encoding.UTF8.GetString(names[nameLength..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[16..]));
    }

    /// <summary>Encodes a refusal, cut to <see cref="MaxErrorLength"/> bytes.</summary>
    public static byte[] Error(string reason)
    {
        var bytes = Encoding.UTF8.GetBytes(reason);
        return bytes.Length <= MaxErrorLength ? bytes : bytes[..MaxErrorLength];
    }
}
