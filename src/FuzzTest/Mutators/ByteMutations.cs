using FuzzTest.Randomness;

namespace FuzzTest.Mutators;

/// <summary>
/// Single-byte edits: the cheapest havoc operations, and the ones that find flag bits and
/// one-byte tags. Each returns false, leaving the input unchanged, when the input is empty.
/// </summary>
internal static class ByteMutations
{
    /// <summary>Flips one bit. Draws: position <c>Below(Length)</c>, bit <c>Below(8)</c> (0 = least significant).</summary>
    public static bool FlipBit(InputBuffer input, IFuzzRandom random)
    {
        if (input.Length == 0)
        {
            return false;
        }

        var position = random.Below(input.Length);
        input.Data[position] ^= (byte)(1 << random.Below(8));
        return true;
    }

    /// <summary>
    /// Sets one byte to a different random value. Draws: position <c>Below(Length)</c>, then
    /// <c>Below(255)</c>, which is the new value, plus one when it is at or above the old value.
    /// </summary>
    /// <remarks>Skipping the old value makes every call a real change, so no execution is wasted.</remarks>
    public static bool SetRandomByte(InputBuffer input, IFuzzRandom random)
    {
        if (input.Length == 0)
        {
            return false;
        }

        var position = random.Below(input.Length);
        var old = input.Data[position];
        var value = random.Below(255);
        input.Data[position] = (byte)(value >= old ? value + 1 : value);
        return true;
    }
}
