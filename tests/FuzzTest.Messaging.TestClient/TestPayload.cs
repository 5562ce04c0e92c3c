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
///     16    … body      words that differ from message to message (a stale or zeroed stretch shows)
/// </code>
/// The length is a multiple of 8. The test project compiles this file in too, so both sides
/// share one definition.
/// </summary>
internal static class TestPayload
{
    /// <summary>Bytes before the body.</summary>
    public const int HeaderSize = 16;

    // An odd 64-bit constant (the golden ratio's fraction): consecutive words and messages differ in many bits.
    private const ulong Spread = 0x9E3779B97F4A7C15;

    /// <summary>Fills <paramref name="payload"/> as message <paramref name="sequence"/>.</summary>
    public static void Fill(Span<byte> payload, long sequence)
    {
        var body = MemoryMarshal.Cast<byte, ulong>(payload[HeaderSize..]);
        var word = (ulong)sequence * Spread;
        ulong sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            word += Spread;
            body[i] = word;
            sum += word;
        }

        BinaryPrimitives.WriteInt64LittleEndian(payload, sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(payload[8..], sum);
    }

    /// <summary>The sequence number of a whole payload, or -1 when its checksum does not match its body.</summary>
    public static long Check(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < HeaderSize || payload.Length % sizeof(ulong) != 0)
        {
            return -1;
        }

        ulong sum = 0;
        foreach (var word in MemoryMarshal.Cast<byte, ulong>(payload[HeaderSize..]))
        {
            sum += word;
        }

        return sum == BinaryPrimitives.ReadUInt64LittleEndian(payload[8..]) ? BinaryPrimitives.ReadInt64LittleEndian(payload) : -1;
    }
}
