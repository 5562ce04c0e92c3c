using FuzzTest.Mutators;

namespace FuzzTest.Tests.Mutators;

public class ByteMutationsTests
{
    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 2, 0 }, new byte[] { 1, 2, 2, 4 })]
    [InlineData(new byte[] { 0, 0 }, new ulong[] { 1, 7 }, new byte[] { 0, 0x80 })]
    [InlineData(new byte[] { 0xFF }, new ulong[] { 0, 3 }, new byte[] { 0xF7 })]
    public void FlipBit_FlipsTheChosenBit(byte[] input, ulong[] script, byte[] expected) =>
        MutationRun.AssertProduces(ByteMutations.FlipBit, input, script, expected);

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 2, 0xFE }, new byte[] { 1, 2, 0xFF, 4 })]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 0, 0 }, new byte[] { 0, 2, 3, 4 })]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 0, 1 }, new byte[] { 2, 2, 3, 4 })]
    [InlineData(new byte[] { 0xFF }, new ulong[] { 0, 0xFE }, new byte[] { 0xFE })]
    public void SetRandomByte_WritesAValueOtherThanTheOldOne(byte[] input, ulong[] script, byte[] expected) =>
        MutationRun.AssertProduces(ByteMutations.SetRandomByte, input, script, expected);

    [Fact]
    public void FlipBit_OnEmptyInput_Declines() =>
        MutationRun.AssertDeclines(ByteMutations.FlipBit, [], []);

    [Fact]
    public void SetRandomByte_OnEmptyInput_Declines() =>
        MutationRun.AssertDeclines(ByteMutations.SetRandomByte, [], []);
}
