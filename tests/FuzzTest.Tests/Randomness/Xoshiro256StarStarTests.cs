using FuzzTest.Randomness;

namespace FuzzTest.Tests.Randomness;

public class Xoshiro256StarStarTests
{
    [Fact]
    public void Next_FromReferenceState_MatchesPublishedAlgorithm()
    {
        // Outputs of the reference C implementation for the state {1, 2, 3, 4}.
        var random = new Xoshiro256StarStar(new Xoshiro256State(1, 2, 3, 4));

        Assert.Equal(11520UL, random.Next());
        Assert.Equal(0UL, random.Next());
        Assert.Equal(1509978240UL, random.Next());
        Assert.Equal(1215971899390074240UL, random.Next());
    }

    [Fact]
    public void SplitMix64_FromZero_MatchesPublishedAlgorithm()
    {
        var state = 0UL;

        Assert.Equal(0xE220A8397B1DCDAFUL, SplitMix64.Next(ref state));
        Assert.Equal(0x6E789E6AA1B965F4UL, SplitMix64.Next(ref state));
        Assert.Equal(0x06C45D188009454FUL, SplitMix64.Next(ref state));
    }

    [Fact]
    public void SameSeed_GivesSameSequence()
    {
        var a = new Xoshiro256StarStar(42);
        var b = new Xoshiro256StarStar(42);

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(a.Next(), b.Next());
            Assert.Equal(a.Below(1000), b.Below(1000));
        }
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentSequences()
    {
        var a = new Xoshiro256StarStar(1);
        var b = new Xoshiro256StarStar(2);

        var same = 0;
        for (var i = 0; i < 100; i++)
        {
            same += a.Next() == b.Next() ? 1 : 0;
        }

        Assert.Equal(0, same);
    }

    [Fact]
    public void SeedZero_IsAValidState()
    {
        var random = new Xoshiro256StarStar(0);

        Assert.False(random.SaveState().IsAllZero);
        Assert.NotEqual(0UL, random.Next() | random.Next());
    }

    [Fact]
    public void RestoreState_ResumesTheSavedSequence()
    {
        var random = new Xoshiro256StarStar(7);
        for (var i = 0; i < 37; i++)
        {
            random.Next();
        }

        var saved = random.SaveState();
        var expected = new ulong[100];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = random.Next();
        }

        var resumed = new Xoshiro256StarStar(999);
        resumed.RestoreState(saved);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], resumed.Next());
        }
    }

    [Fact]
    public void RestoreState_WhenAllZero_Throws()
    {
        var random = new Xoshiro256StarStar(1);

        Assert.Throws<ArgumentException>(() => random.RestoreState(default));
    }

    [Fact]
    public void State_Is32BlittableBytes()
    {
        Assert.Equal(Xoshiro256State.Size, System.Runtime.CompilerServices.Unsafe.SizeOf<Xoshiro256State>());
        Assert.Equal(32, Xoshiro256State.Size);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(255)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void Below_StaysInRange(int bound)
    {
        var random = new Xoshiro256StarStar(unchecked((ulong)bound));

        for (var i = 0; i < 10_000; i++)
        {
            var value = random.Below(bound);
            Assert.InRange(value, 0, bound - 1);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Below_WhenBoundIsNotPositive_Throws(int bound)
    {
        var random = new Xoshiro256StarStar(1);

        Assert.Throws<ArgumentOutOfRangeException>(() => random.Below(bound));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(10)]
    public void Below_IsRoughlyUniform(int bound)
    {
        const int drawsPerBucket = 20_000;
        var random = new Xoshiro256StarStar(12345);
        var counts = new int[bound];
        for (var i = 0; i < drawsPerBucket * bound; i++)
        {
            counts[random.Below(bound)]++;
        }

        // A bucket's standard deviation is about 140 draws here; 5 % (1,000) is over seven of them.
        foreach (var count in counts)
        {
            Assert.InRange(count, drawsPerBucket * 95 / 100, drawsPerBucket * 105 / 100);
        }
    }

    [Fact]
    public void Below_OfLargeNonPowerOfTwo_CoversBothHalves()
    {
        // 3 * 2^29 leaves a large rejection zone; a biased reduction would skew the upper third.
        const int bound = 3 << 29;
        var random = new Xoshiro256StarStar(3);
        var upperThird = 0;
        for (var i = 0; i < 30_000; i++)
        {
            upperThird += random.Below(bound) >= 2 << 29 ? 1 : 0;
        }

        Assert.InRange(upperThird, 9_400, 10_600);
    }
}
