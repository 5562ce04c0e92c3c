namespace FuzzTest.Randomness;

/// <summary>
/// Vigna's SplitMix64 step, used only to expand a 64-bit seed into the 256-bit state of
/// <see cref="Xoshiro256StarStar"/>: consecutive outputs are well mixed even for seeds like 0, 1, 2,
/// which xoshiro itself would turn into a long run of near-zero outputs.
/// </summary>
internal static class SplitMix64
{
    /// <summary>Advances <paramref name="state"/> and returns the next output.</summary>
    public static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
