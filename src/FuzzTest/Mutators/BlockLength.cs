using FuzzTest.Randomness;

namespace FuzzTest.Mutators;

/// <summary>
/// Picks how many bytes a block operation touches. Small blocks are far more likely, because
/// large edits rarely keep an input well-formed enough to reach new code; large ones stay possible
/// so that a big input can still shrink or repeat a structure quickly.
/// </summary>
internal static class BlockLength
{
    /// <summary>
    /// Caps drawn uniformly before the length itself; drawing the cap first piles most of the
    /// probability onto short lengths (about a third of all blocks are at most 8 bytes long, even
    /// when the input is large).
    /// </summary>
    private static ReadOnlySpan<int> Caps => [8, 32, 128, Large];

    /// <summary>AFL's HAVOC_BLK_LARGE: the largest cap of the common draws.</summary>
    private const int Large = 1500;

    /// <summary>
    /// AFL's HAVOC_BLK_XL, drawn for one in <see cref="ExtraLargeOdds"/> large blocks: enough to
    /// repeat a structure thousands of times (nesting deep enough to overflow the stack) or to
    /// replace most of a large input in one step.
    /// </summary>
    private const int ExtraLarge = 32768;

    /// <summary>One large block in this many becomes extra large (1 block in 32 overall).</summary>
    private const int ExtraLargeOdds = 8;

    /// <summary>
    /// Returns a length in [1, <paramref name="limit"/>]. Draws the cap index; for the large cap
    /// also <c>Below(8)</c>, where 0 makes it extra large; then <c>Below(min(cap, limit))</c>,
    /// whose result plus one is the length.
    /// </summary>
    public static int Choose(IFuzzRandom random, int limit)
    {
        var cap = Caps[random.Below(Caps.Length)];
        if (cap == Large && random.Below(ExtraLargeOdds) == 0)
        {
            cap = ExtraLarge;
        }

        return 1 + random.Below(Math.Min(cap, limit));
    }
}
