using System.Buffers.Binary;
using FuzzTest.Randomness;

namespace FuzzTest.Mutators;

/// <summary>
/// Multi-byte edits that move, repeat, remove or add whole blocks: how havoc changes an input's
/// structure and length rather than its values. Each returns false, leaving the input unchanged,
/// when the input is too short or too full for it. Block lengths come from <see cref="BlockLength"/>
/// (two draws, written "len" below).
/// </summary>
internal static class BlockMutations
{
    /// <summary>Inputs shorter than this may grow by appending random bytes.</summary>
    public const int ShortLength = 64;

    /// <summary>Most bytes one append adds: enough to outgrow tiny length checks without bloating the input.</summary>
    public const int MaxAppend = 16;

    /// <summary>Removes a block, always leaving at least one byte. Draws: len (limit Length - 1), start <c>Below(Length - len + 1)</c>.</summary>
    public static bool DeleteBlock(InputBuffer input, IFuzzRandom random)
    {
        if (input.Length < 2)
        {
            return false;
        }

        var length = BlockLength.Choose(random, input.Length - 1);
        input.RemoveRange(random.Below(input.Length - length + 1), length);
        return true;
    }

    /// <summary>
    /// Inserts a copy of a block of the input elsewhere, repeating a structure. Draws: len (limit
    /// min(Length, room)), source <c>Below(Length - len + 1)</c>, destination <c>Below(Length + 1)</c>.
    /// </summary>
    public static bool InsertClonedBlock(InputBuffer input, IFuzzRandom random)
    {
        var room = input.MaxLength - input.Length;
        if (input.Length == 0 || room == 0)
        {
            return false;
        }

        var length = BlockLength.Choose(random, Math.Min(input.Length, room));
        var from = random.Below(input.Length - length + 1);
        var to = random.Below(input.Length + 1);
        input.OpenGap(to, length);

        // Opening the gap moved every source byte at or after 'to' right by 'length'; copy the part
        // before the gap and the moved part separately, so no temporary buffer is needed.
        var beforeGap = Math.Clamp(to - from, 0, length);
        input.Data.AsSpan(from, beforeGap).CopyTo(input.Data.AsSpan(to));
        input.Data.AsSpan(from + beforeGap + length, length - beforeGap).CopyTo(input.Data.AsSpan(to + beforeGap));
        return true;
    }

    /// <summary>
    /// Inserts a run of one repeated byte; works on an empty input too. Draws: len (limit room),
    /// destination <c>Below(Length + 1)</c>, then the value (see <see cref="ConstantByte"/>).
    /// </summary>
    public static bool InsertConstantBlock(InputBuffer input, IFuzzRandom random)
    {
        var room = input.MaxLength - input.Length;
        if (room == 0)
        {
            return false;
        }

        var length = BlockLength.Choose(random, room);
        var to = random.Below(input.Length + 1);
        var value = ConstantByte(input, random);
        input.OpenGap(to, length);
        input.Data.AsSpan(to, length).Fill(value);
        return true;
    }

    /// <summary>
    /// Copies a block over another part of the input; blocks may overlap. Draws: len (limit
    /// Length - 1), source and destination <c>Below(Length - len + 1)</c> each. False when they coincide.
    /// </summary>
    public static bool OverwriteWithCopy(InputBuffer input, IFuzzRandom random)
    {
        if (input.Length < 2)
        {
            return false;
        }

        var length = BlockLength.Choose(random, input.Length - 1);
        var from = random.Below(input.Length - length + 1);
        var to = random.Below(input.Length - length + 1);
        if (from == to)
        {
            return false;
        }

        input.Data.AsSpan(from, length).CopyTo(input.Data.AsSpan(to));
        return true;
    }

    /// <summary>
    /// Overwrites a block with one repeated byte. Draws: len (limit Length), start
    /// <c>Below(Length - len + 1)</c>, then the value (see <see cref="ConstantByte"/>).
    /// </summary>
    public static bool OverwriteWithConstant(InputBuffer input, IFuzzRandom random)
    {
        if (input.Length == 0)
        {
            return false;
        }

        var length = BlockLength.Choose(random, input.Length);
        var start = random.Below(input.Length - length + 1);
        input.Data.AsSpan(start, length).Fill(ConstantByte(input, random));
        return true;
    }

    /// <summary>
    /// The byte a constant block repeats. As in AFL++, half the time it is a byte of the input
    /// itself: repeating a structural byte ('[', '{', '&lt;', a length prefix) is how deep
    /// nesting and long repetitions are reached. Draws: <c>Below(2)</c> when the input is not
    /// empty, then <c>Below(Length)</c> (0) or <c>Below(256)</c> (1, and always when empty).
    /// </summary>
    private static byte ConstantByte(InputBuffer input, IFuzzRandom random) =>
        input.Length > 0 && random.Below(2) == 0 ? input.Data[random.Below(input.Length)] : (byte)random.Below(256);

    /// <summary>
    /// Exchanges two equally long, non-overlapping blocks, reordering fields. Draws: len (limit
    /// Length / 2), first <c>Below(Length - 2 len + 1)</c>, gap after the first block
    /// <c>Below(Length - first - 2 len + 1)</c>.
    /// </summary>
    public static bool SwapBlocks(InputBuffer input, IFuzzRandom random)
    {
        if (input.Length < 2)
        {
            return false;
        }

        var length = BlockLength.Choose(random, input.Length / 2);
        var first = random.Below(input.Length - (2 * length) + 1);
        var second = first + length + random.Below(input.Length - first - (2 * length) + 1);
        var a = input.Data.AsSpan(first, length);
        var b = input.Data.AsSpan(second, length);
        for (var i = 0; i < length; i++)
        {
            (a[i], b[i]) = (b[i], a[i]);
        }

        return true;
    }

    /// <summary>
    /// Appends random bytes to an input shorter than <see cref="ShortLength"/>, so that an empty or
    /// tiny seed can reach targets that first check a minimum length. Draws: count
    /// <c>Below(min(room, 16))</c> (plus one), then one <c>Next()</c> per 8 bytes, written little-endian.
    /// </summary>
    public static bool AppendRandomBytes(InputBuffer input, IFuzzRandom random)
    {
        var room = input.MaxLength - input.Length;
        if (room == 0 || input.Length >= ShortLength)
        {
            return false;
        }

        var count = 1 + random.Below(Math.Min(room, MaxAppend));
        var tail = input.Data.AsSpan(input.Length, count);

        // One 64-bit draw per 8 bytes instead of a call per byte keeps the append cheap.
        Span<byte> word = stackalloc byte[sizeof(ulong)];
        for (var offset = 0; offset < count; offset += sizeof(ulong))
        {
            BinaryPrimitives.WriteUInt64LittleEndian(word, random.Next());
            word[..Math.Min(sizeof(ulong), count - offset)].CopyTo(tail[offset..]);
        }

        input.Length += count;
        return true;
    }
}
