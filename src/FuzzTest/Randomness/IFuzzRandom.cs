namespace FuzzTest.Randomness;

/// <summary>
/// The only source of randomness in the engine: injected everywhere, so that a run is
/// replayable from its seed (FUZZTEST_SEED) and tests can script every choice.
/// </summary>
internal interface IFuzzRandom
{
    /// <summary>Returns a value in [0, <paramref name="bound"/>); <paramref name="bound"/> must be positive.</summary>
    int Below(int bound);

    /// <summary>Returns 64 random bits.</summary>
    ulong Next();
}
