using FuzzTest.Randomness;

namespace FuzzTest.Mutators;

/// <summary>
/// Overwrites a byte or word with one of the <see cref="InterestingValues"/>, the boundaries
/// where length checks and signed comparisons flip. Each returns false, leaving the input
/// unchanged, when the input is shorter than the word.
/// </summary>
internal static class InterestingValueMutations
{
    /// <summary>Draws: position <c>Below(Length)</c>, value index <c>Below(9)</c>.</summary>
    public static bool Set8(InputBuffer input, IFuzzRandom random)
    {
        if (input.Length == 0)
        {
            return false;
        }

        var position = random.Below(input.Length);
        input.Data[position] = (byte)InterestingValues.All[random.Below(InterestingValues.Count8)];
        return true;
    }

    /// <summary>
    /// Draws: position <c>Below(Length - 1)</c>, value index <c>Below(19)</c>, byte order
    /// <c>Below(2)</c> (1 = big-endian).
    /// </summary>
    public static bool Set16(InputBuffer input, IFuzzRandom random)
    {
        if (input.Length < 2)
        {
            return false;
        }

        var position = random.Below(input.Length - 1);
        var value = (ushort)InterestingValues.All[random.Below(InterestingValues.Count16)];
        Words.Write16(input.Data.AsSpan(position), value, random.Below(2) == 1);
        return true;
    }

    /// <summary>
    /// Draws: position <c>Below(Length - 3)</c>, value index <c>Below(27)</c>, byte order
    /// <c>Below(2)</c> (1 = big-endian).
    /// </summary>
    public static bool Set32(InputBuffer input, IFuzzRandom random)
    {
        if (input.Length < 4)
        {
            return false;
        }

        var position = random.Below(input.Length - 3);
        var value = (uint)InterestingValues.All[random.Below(InterestingValues.All.Length)];
        Words.Write32(input.Data.AsSpan(position), value, random.Below(2) == 1);
        return true;
    }
}
