using FuzzTest.Randomness;

namespace FuzzTest.Tests.Randomness;

public class NullRandomTests
{
    [Fact]
    public void AlwaysAnswersZero()
    {
        var random = NullRandom.Instance;

        Assert.Equal(0, random.Below(1));
        Assert.Equal(0, random.Below(1000));
        Assert.Equal(0UL, random.Next());
    }

    [Fact]
    public void Below_WhenBoundIsNotPositive_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NullRandom.Instance.Below(0));
    }
}
