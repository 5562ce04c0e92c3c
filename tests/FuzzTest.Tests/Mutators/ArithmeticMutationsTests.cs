using FuzzTest.Mutators;

namespace FuzzTest.Tests.Mutators;

public class ArithmeticMutationsTests
{
    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 0, 0, 0 }, new byte[] { 2, 2, 3, 4 })]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 1, 9, 0 }, new byte[] { 1, 12, 3, 4 })]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 3, 34, 1 }, new byte[] { 1, 2, 3, 0xE1 })]
    public void AddSub8_AddsOrSubtractsOneTo35(byte[] input, ulong[] script, byte[] expected) =>
        MutationRun.AssertProduces(ArithmeticMutations.AddSub8, input, script, expected);

    [Theory]
    [InlineData(new byte[] { 0xFF, 0, 3, 4 }, new ulong[] { 0, 0, 0, 0 }, new byte[] { 0, 1, 3, 4 })]
    [InlineData(new byte[] { 0xFF, 0, 3, 4 }, new ulong[] { 0, 0, 0, 1 }, new byte[] { 0xFF, 1, 3, 4 })]
    [InlineData(new byte[] { 0xFF, 0, 3, 4 }, new ulong[] { 2, 0, 1, 1 }, new byte[] { 0xFF, 0, 3, 3 })]
    [InlineData(new byte[] { 0, 0 }, new ulong[] { 0, 0, 1, 0 }, new byte[] { 0xFF, 0xFF })]
    public void AddSub16_ChangesAWordInEitherOrder(byte[] input, ulong[] script, byte[] expected) =>
        MutationRun.AssertProduces(ArithmeticMutations.AddSub16, input, script, expected);

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0, 9 }, new ulong[] { 0, 0, 0, 0 }, new byte[] { 0, 0, 0, 1, 9 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0, 9 }, new ulong[] { 1, 34, 0, 1 }, new byte[] { 0xFF, 0xFF, 0xFF, 0, 0x2C })]
    [InlineData(new byte[] { 0, 0, 0, 0 }, new ulong[] { 0, 1, 1, 1 }, new byte[] { 0xFF, 0xFF, 0xFF, 0xFE })]
    public void AddSub32_ChangesAWordInEitherOrder(byte[] input, ulong[] script, byte[] expected) =>
        MutationRun.AssertProduces(ArithmeticMutations.AddSub32, input, script, expected);

    [Fact]
    public void AddSub8_OnEmptyInput_Declines() =>
        MutationRun.AssertDeclines(ArithmeticMutations.AddSub8, [], []);

    [Fact]
    public void AddSub16_OnOneByte_Declines() =>
        MutationRun.AssertDeclines(ArithmeticMutations.AddSub16, [1], []);

    [Fact]
    public void AddSub32_OnThreeBytes_Declines() =>
        MutationRun.AssertDeclines(ArithmeticMutations.AddSub32, [1, 2, 3], []);
}
