namespace FuzzTest.Randomness;

/// <summary>
/// A generator that always answers 0: every choice takes its first option. For wiring pipelines
/// in tests and samples where the choices do not matter but must be repeatable.
/// </summary>
internal sealed class NullRandom : IFuzzRandom
{
    /// <summary>The shared instance; it has no state.</summary>
    public static readonly NullRandom Instance = new();

    private NullRandom()
    {
    }

    /// <inheritdoc />
    public int Below(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        return 0;
    }

    /// <inheritdoc />
    public ulong Next() => 0;
}
