using System.Buffers.Binary;

namespace FuzzTest.Sharing;

/// <summary>
/// What a worker reports about itself in a <see cref="ShareTag.Stats"/> message.
/// </summary>
/// <remarks>
/// Payload (32 bytes, little-endian):
/// <code>
/// offset size field
///      0    8 executions  runs so far in this worker process
///      8    8 elapsed     milliseconds since it started fuzzing (its speed before a second report)
///     16    4 corpus      entries in its corpus (its own and imported)
///     20    4 covered     counters it has seen hit
///     24    4 findings    bugs it reported that were not known when it started
///     28    4 imported    inputs from other workers that reached coverage new to it (AFL's corpus_imported)
/// </code>
/// </remarks>
/// <param name="Executions">Runs so far in this worker process.</param>
/// <param name="ElapsedMilliseconds">Milliseconds since it started fuzzing.</param>
/// <param name="Corpus">Entries in its corpus.</param>
/// <param name="Covered">Counters it has seen hit.</param>
/// <param name="Findings">Bugs it reported that were not known when it started.</param>
/// <param name="Imported">Inputs from other workers that reached coverage new to it.</param>
internal readonly record struct WorkerStats(long Executions, long ElapsedMilliseconds, int Corpus, int Covered, int Findings, int Imported)
{
    /// <summary>Bytes of the payload.</summary>
    public const int Size = 32;

    /// <summary>Writes the payload into <paramref name="destination"/> (at least <see cref="Size"/> bytes).</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, Executions);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], ElapsedMilliseconds);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], Corpus);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], Covered);
        BinaryPrimitives.WriteInt32LittleEndian(destination[24..], Findings);
        BinaryPrimitives.WriteInt32LittleEndian(destination[28..], Imported);
    }

    /// <summary>Reads a payload; null when it is not one (wrong size), so a bad message is ignored rather than trusted.</summary>
    public static WorkerStats? Read(ReadOnlySpan<byte> payload) =>
        payload.Length != Size
            ? null
            : new WorkerStats(
                BinaryPrimitives.ReadInt64LittleEndian(payload),
                BinaryPrimitives.ReadInt64LittleEndian(payload[8..]),
                BinaryPrimitives.ReadInt32LittleEndian(payload[16..]),
                BinaryPrimitives.ReadInt32LittleEndian(payload[20..]),
                BinaryPrimitives.ReadInt32LittleEndian(payload[24..]),
                BinaryPrimitives.ReadInt32LittleEndian(payload[28..]));
}
