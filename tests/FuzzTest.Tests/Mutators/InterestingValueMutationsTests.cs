using FuzzTest.Mutators;

namespace FuzzTest.Tests.Mutators;

public class InterestingValueMutationsTests
{
    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 1, 0 }, new byte[] { 1, 0x80, 3, 4 })]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 3, 1 }, new byte[] { 1, 2, 3, 0xFF })]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 0, 8 }, new byte[] { 0x7F, 2, 3, 4 })]
    public void Set8_WritesAnInterestingByte(byte[] input, ulong[] script, byte[] expected) =>
        MutationRun.AssertProduces(InterestingValueMutations.Set8, input, script, expected);

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 0, 9, 0 }, new byte[] { 0x00, 0x80, 3, 4 })]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 2, 18, 1 }, new byte[] { 1, 2, 0x7F, 0xFF })]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 1, 0, 1 }, new byte[] { 1, 0xFF, 0x80, 4 })]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 0, 13, 0 }, new byte[] { 0x00, 0x01, 3, 4 })]
    public void Set16_WritesAnInterestingWordInEitherOrder(byte[] input, ulong[] script, byte[] expected) =>
        MutationRun.AssertProduces(InterestingValueMutations.Set16, input, script, expected);

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 }, new ulong[] { 0, 26, 0 }, new byte[] { 0xFF, 0xFF, 0xFF, 0x7F, 5 })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 }, new ulong[] { 1, 19, 1 }, new byte[] { 1, 0x80, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 }, new ulong[] { 0, 20, 1 }, new byte[] { 0xFA, 0x00, 0x00, 0xFA, 5 })]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 0, 12, 0 }, new byte[] { 0xFF, 0, 0, 0 })]
    public void Set32_WritesAnInterestingWordInEitherOrder(byte[] input, ulong[] script, byte[] expected) =>
        MutationRun.AssertProduces(InterestingValueMutations.Set32, input, script, expected);

    [Fact]
    public void Set8_OnEmptyInput_Declines() =>
        MutationRun.AssertDeclines(InterestingValueMutations.Set8, [], []);

    [Fact]
    public void Set16_OnOneByte_Declines() =>
        MutationRun.AssertDeclines(InterestingValueMutations.Set16, [1], []);

    [Fact]
    public void Set32_OnThreeBytes_Declines() =>
        MutationRun.AssertDeclines(InterestingValueMutations.Set32, [1, 2, 3], []);

    [Fact]
    public void Table_HoldsAflValuesWithEachWidthAPrefix()
    {
        var all = InterestingValues.All;

        Assert.Equal(27, all.Length);
        Assert.Equal([-128, -1, 0, 1, 16, 32, 64, 100, 127], all[..InterestingValues.Count8].ToArray());
        foreach (var value in all[..InterestingValues.Count16])
        {
            Assert.InRange(value, short.MinValue, short.MaxValue);
        }
    }
}
