using FuzzTest.Mutators;
using FuzzTest.Tests.TestDoubles;

namespace FuzzTest.Tests.Mutators;

public class BlockLengthTests
{
    [Theory]
    [InlineData(new ulong[] { 0, 7 }, 4000, 8)]
    [InlineData(new ulong[] { 2, 127 }, 4000, 128)]
    [InlineData(new ulong[] { 3, 1, 1499 }, 4000, 1500)]
    [InlineData(new ulong[] { 3, 0, 2999 }, 4000, 3000)]
    [InlineData(new ulong[] { 3, 0, 99 }, 100, 100)]
    [InlineData(new ulong[] { 1, 4 }, 5, 5)]
    public void Choose_FollowsTheDrawnCap(ulong[] script, int limit, int expected)
    {
        var random = new ScriptedRandom(script);

        Assert.Equal(expected, BlockLength.Choose(random, limit));
        Assert.True(random.IsExhausted, "the script holds draws that Choose did not make");
    }
}
