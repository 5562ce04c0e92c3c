using FuzzTest.Randomness;

namespace FuzzTest.Mutators;

/// <summary>
/// Adds or subtracts a small amount to a byte or word: walks counters, lengths and offsets to
/// their neighbours, which bit flips reach only by luck. Each returns false, leaving the input
/// unchanged, when the input is shorter than the word.
/// </summary>
internal static class ArithmeticMutations
{
    /// <summary>Largest amount added or subtracted; AFL's ARITH_MAX.</summary>
    public const int MaxDelta = 35;

    /// <summary>
    /// Draws: position <c>Below(Length)</c>, amount <c>Below(35)</c> (plus one), direction
    /// <c>Below(2)</c> (1 = subtract). Wraps around.
    /// </summary>
    public static bool AddSub8(InputBuffer input, IFuzzRandom random)
    {
        if (input.Length == 0)
        {
            return false;
        }

        var position = random.Below(input.Length);
        var delta = Delta(random);
        input.Data[position] = (byte)(input.Data[position] + delta);
        return true;
    }

    /// <summary>
    /// Draws: position <c>Below(Length - 1)</c>, amount <c>Below(35)</c> (plus one), direction
    /// <c>Below(2)</c> (1 = subtract), byte order <c>Below(2)</c> (1 = big-endian). Wraps around.
    /// </summary>
    public static bool AddSub16(InputBuffer input, IFuzzRandom random)
    {
        if (input.Length < 2)
        {
            return false;
        }

        var word = input.Data.AsSpan(random.Below(input.Length - 1), 2);
        var delta = Delta(random);
        var bigEndian = random.Below(2) == 1;
        Words.Write16(word, (ushort)(Words.Read16(word, bigEndian) + delta), bigEndian);
        return true;
    }

    /// <summary>
    /// Draws: position <c>Below(Length - 3)</c>, amount <c>Below(35)</c> (plus one), direction
    /// <c>Below(2)</c> (1 = subtract), byte order <c>Below(2)</c> (1 = big-endian). Wraps around.
    /// </summary>
    public static bool AddSub32(InputBuffer input, IFuzzRandom random)
    {
        if (input.Length < 4)
        {
            return false;
        }

        var word = input.Data.AsSpan(random.Below(input.Length - 3), 4);
        var delta = Delta(random);
        var bigEndian = random.Below(2) == 1;
        Words.Write32(word, (uint)(Words.Read32(word, bigEndian) + delta), bigEndian);
        return true;
    }

    private static int Delta(IFuzzRandom random)
    {
        var amount = 1 + random.Below(MaxDelta);
        return random.Below(2) == 1 ? -amount : amount;
    }
}
