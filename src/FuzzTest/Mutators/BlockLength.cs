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
    private static ReadOnlySpan<int> Caps => [8, 32, 128, 1500];

    /// <summary>
    /// Returns a length in [1, <paramref name="limit"/>]. Draws twice: the cap index, then
    /// <c>Below(min(cap, limit))</c>, whose result plus one is the length.
    /// </summary>
    public static int Choose(IFuzzRandom random, int limit)
    {
        var cap = Caps[random.Below(Caps.Length)];
        return 1 + random.Below(Math.Min(cap, limit));
    }
}
