using System.Buffers.Binary;
using FuzzTest.Executors;
using FuzzTest.Sessions;

namespace FuzzTest.Workers;

/// <summary>
/// Length-prefixed frames over a pair of pipes between the parent and one worker. Only
/// what is interesting crosses it (new coverage, failures, single runs); the per-run traffic
/// goes through the shared <see cref="WorkerMap"/>.
/// </summary>
/// <remarks>
/// Frame layout (little-endian):
/// <code>
/// offset size field
///      0    4 length   bytes that follow (kind + payload); at most MaxFrame
///      4    1 kind     MessageKind
///      5    n payload  fields in BinaryWriter's encoding: integers little-endian; strings UTF-8
///                     after a 7-bit-encoded length; byte arrays an i32 length, then the bytes
/// </code>
/// </remarks>
internal sealed class WorkerChannel(Stream input, Stream output) : IDisposable
{
    /// <summary>Largest frame accepted: a corpus of inputs fits easily; a corrupt length does not allocate gigabytes.</summary>
    public const int MaxFrame = 256 << 20;

    private readonly BufferedStream writer = new(output, 64 * 1024);
    private readonly object sendGate = new();

    /// <summary>Sends one frame; <paramref name="payload"/> writes its fields.</summary>
    public void Send(MessageKind kind, Action<BinaryWriter>? payload = null)
    {
        using var body = new MemoryStream();
        using (var fields = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            fields.Write((byte)kind);
            payload?.Invoke(fields);
        }

        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, (int)body.Length);
        lock (sendGate)
        {
            writer.Write(length);
            writer.Write(body.GetBuffer(), 0, (int)body.Length);
            writer.Flush();
        }
    }

    /// <summary>Reads the next frame; null when the other side closed the pipe.</summary>
    /// <exception cref="InvalidDataException">The frame is malformed.</exception>
    public (MessageKind Kind, BinaryReader Fields)? Receive()
    {
        Span<byte> header = stackalloc byte[4];
        if (!ReadExactly(header))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 1 || length > MaxFrame)
        {
            throw new InvalidDataException($"FuzzTest worker channel: frame length {length} is outside 1..{MaxFrame}; the worker and the test host disagree on the protocol.");
        }

        var body = new byte[length];
        if (!ReadExactly(body))
        {
            return null;
        }

        var reader = new BinaryReader(new MemoryStream(body, 1, length - 1, writable: false));
        return ((MessageKind)body[0], reader);
    }

    /// <summary>Writes an outcome's fields.</summary>
    public static void Write(BinaryWriter w, RunOutcome outcome)
    {
        w.Write((byte)outcome.Kind);
        w.Write(outcome.Signature);
        w.Write(outcome.Summary);
        w.Write(outcome.Description);
    }

    /// <summary>Reads what <see cref="Write(BinaryWriter, RunOutcome)"/> wrote.</summary>
    public static RunOutcome ReadOutcome(BinaryReader r)
    {
        var outcome = new RunOutcome((ExitKind)r.ReadByte(), r.ReadString(), r.ReadString(), r.ReadString());
        return outcome.Failed ? outcome : RunOutcome.Ok;
    }

    /// <summary>Writes a status.</summary>
    public static void Write(BinaryWriter w, LoopStatus status)
    {
        w.Write(status.Executions);
        w.Write(status.Corpus);
        w.Write(status.Covered);
        w.Write(status.Counters);
        w.Write(status.Dictionary);
    }

    /// <summary>Reads what <see cref="Write(BinaryWriter, LoopStatus)"/> wrote.</summary>
    public static LoopStatus ReadStatus(BinaryReader r) => new(r.ReadInt64(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32());

    /// <summary>Writes a length-prefixed byte array.</summary>
    public static void WriteBytes(BinaryWriter w, ReadOnlySpan<byte> data)
    {
        w.Write(data.Length);
        w.Write(data);
    }

    /// <summary>Reads what <see cref="WriteBytes"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The length is negative or longer than the frame.</exception>
    public static byte[] ReadBytes(BinaryReader r)
    {
        var length = r.ReadInt32();
        if (length < 0 || length > r.BaseStream.Length - r.BaseStream.Position)
        {
            throw new InvalidDataException($"FuzzTest worker channel: byte array of length {length} does not fit its frame.");
        }

        return r.ReadBytes(length);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            writer.Dispose();
        }
        catch (IOException)
        {
            // The other side is gone; nothing left to flush to.
        }

        input.Dispose();
    }

    private bool ReadExactly(Span<byte> buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = input.Read(buffer[read..]);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
