using System.Buffers.Binary;

namespace FuzzTest.Mutators;

/// <summary>
/// Reads and writes 16- and 32-bit words in a chosen byte order. Inputs come from formats of
/// either order, so every word operation tries both; a fixed order would miss half the lengths
/// and magic numbers a parser compares against.
/// </summary>
internal static class Words
{
    /// <summary>Reads the 16-bit word at the start of <paramref name="bytes"/>.</summary>
    public static ushort Read16(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    /// <summary>Writes a 16-bit word at the start of <paramref name="bytes"/>.</summary>
    public static void Write16(Span<byte> bytes, ushort value, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        }
    }

    /// <summary>Reads the 32-bit word at the start of <paramref name="bytes"/>.</summary>
    public static uint Read32(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    /// <summary>Writes a 32-bit word at the start of <paramref name="bytes"/>.</summary>
    public static void Write32(Span<byte> bytes, uint value, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        }
    }
}
