using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace FuzzTest.Messaging.TestClient;

/// <summary>
/// What the test client sends, as data: every payload checks itself, so a reader can tell a
/// whole message from a torn one without knowing what was sent.
/// <code>
/// offset size field
///      0    8 sequence  0, 1, 2 … in sending order
///      8    8 checksum  wrapping sum of the body read as u64 words (in the machine's order: both sides run on it)
///     16    … body      one u64 word, (sequence + 1) × an odd constant, repeated: no two messages share it
/// </code>
/// The length is a multiple of 8. A torn message shows as a stretch of zeros (a fresh page) or of
/// another message's word. One repeated word rather than words that vary along the body: filling
/// and checking it are vectorized, so the client spends its time copying into pages (where a kill
/// is meant to land) and a Debug-build broker keeps up with it. The test project compiles this
/// file in too, so both sides share one definition.
/// </summary>
internal static class TestPayload
{
    /// <summary>Bytes before the body.</summary>
    public const int HeaderSize = 16;

    // An odd 64-bit constant (the golden ratio's fraction): the words of different messages differ in many bits.
    private const ulong Spread = 0x9E3779B97F4A7C15;

    /// <summary>Fills <paramref name="payload"/> as message <paramref name="sequence"/>.</summary>
    public static void Fill(Span<byte> payload, long sequence)
    {
        var body = MemoryMarshal.Cast<byte, ulong>(payload[HeaderSize..]);
        var word = Word(sequence);
        body.Fill(word);
        BinaryPrimitives.WriteInt64LittleEndian(payload, sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(payload[8..], word * (ulong)body.Length);
    }

    /// <summary>The sequence number of a whole payload, or -1 when its checksum or body does not match its sequence number.</summary>
    public static long Check(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < HeaderSize || payload.Length % sizeof(ulong) != 0)
        {
            return -1;
        }

        var sequence = BinaryPrimitives.ReadInt64LittleEndian(payload);
        var body = MemoryMarshal.Cast<byte, ulong>(payload[HeaderSize..]);
        var word = Word(sequence);
        var whole = BinaryPrimitives.ReadUInt64LittleEndian(payload[8..]) == word * (ulong)body.Length && body.IndexOfAnyExcept(word) < 0;
        return whole ? sequence : -1;
    }

    private static ulong Word(long sequence) => ((ulong)sequence + 1) * Spread;
}
