using System.Numerics;

namespace FuzzTest.Randomness;

/// <summary>
/// The engine's default generator: xoshiro256** (Blackman and Vigna). A few nanoseconds per call,
/// 2^256 - 1 period, and a 32-byte state that can be saved and restored, so any run can be replayed
/// from its seed or resumed from a saved point.
/// </summary>
/// <remarks>Not thread-safe: each worker owns one.</remarks>
internal sealed class Xoshiro256StarStar : IFuzzRandom
{
    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;

    /// <summary>Creates a generator whose whole sequence is determined by <paramref name="seed"/>.</summary>
    public Xoshiro256StarStar(ulong seed)
    {
        // SplitMix64 never yields four zero words in a row, so the state is always valid.
        var mix = seed;
        s0 = SplitMix64.Next(ref mix);
        s1 = SplitMix64.Next(ref mix);
        s2 = SplitMix64.Next(ref mix);
        s3 = SplitMix64.Next(ref mix);
    }

    /// <summary>Creates a generator that continues from a state taken with <see cref="SaveState"/>.</summary>
    public Xoshiro256StarStar(Xoshiro256State state)
    {
        RestoreState(state);
    }

    /// <inheritdoc />
    public ulong Next()
    {
        var result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        return result;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Lemire's multiply-shift with rejection: the high half of a 32x32 product maps a random word
    /// into [0, bound) without a division on the common path, and the rare rejected low halves are
    /// exactly the ones that would over-represent some results, so the output is unbiased.
    /// </remarks>
    public int Below(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        var range = (uint)bound;
        var product = (ulong)(uint)(Next() >> 32) * range;
        var low = (uint)product;
        if (low < range)
        {
            // 2^32 mod range, computed as (2^32 - range) mod range in 32-bit arithmetic.
            var threshold = (0u - range) % range;
            while (low < threshold)
            {
                product = (ulong)(uint)(Next() >> 32) * range;
                low = (uint)product;
            }
        }

        return (int)(product >> 32);
    }

    /// <summary>Captures the state; restoring it later replays every subsequent output.</summary>
    public Xoshiro256State SaveState() => new(s0, s1, s2, s3);

    /// <summary>Continues from <paramref name="state"/>, as taken by <see cref="SaveState"/>.</summary>
    /// <exception cref="ArgumentException">The state is all zero, which xoshiro can never leave.</exception>
    public void RestoreState(Xoshiro256State state)
    {
        if (state.IsAllZero)
        {
            throw new ArgumentException("An all-zero xoshiro256** state would only ever produce zeros.", nameof(state));
        }

        s0 = state.S0;
        s1 = state.S1;
        s2 = state.S2;
        s3 = state.S3;
    }
}
