namespace FuzzTest.Mutators;

/// <summary>
/// AFL's "interesting" integers: boundaries where comparisons, sign checks and size arithmetic
/// tend to change behaviour. One table, ordered so that each width uses a prefix of it: a 16-bit
/// write may also use any 8-bit value and a 32-bit write any value, as AFL does.
/// </summary>
internal static class InterestingValues
{
    /// <summary>How many leading entries of <see cref="All"/> fit a signed byte.</summary>
    public const int Count8 = 9;

    /// <summary>How many leading entries of <see cref="All"/> fit a signed 16-bit word.</summary>
    public const int Count16 = 19;

    /// <summary>The whole table: 8-bit values, then 16-bit ones, then 32-bit ones.</summary>
    public static ReadOnlySpan<int> All =>
    [
        // 8-bit: sign boundaries and small sizes.
        -128, -1, 0, 1, 16, 32, 64, 100, 127,

        // 16-bit: just past the 8-bit ranges, and common buffer sizes.
        -32768, -129, 128, 255, 256, 512, 1000, 1024, 4096, 32767,

        // 32-bit: just past the 16-bit ranges, and values that overflow when multiplied.
        -2147483648, -100663046, -32769, 32768, 65535, 65536, 100663045, 2147483647,
    ];
}
