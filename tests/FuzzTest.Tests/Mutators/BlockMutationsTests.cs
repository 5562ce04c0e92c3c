using FuzzTest.Mutators;

namespace FuzzTest.Tests.Mutators;

// Block lengths take two draws: the cap index (0..3 for caps 8, 32, 128, 1500; after 3 one more
// draw, Below(8), where 0 makes the cap 32768), then
// Below(min(cap, limit)), whose value plus one is the length.
public class BlockMutationsTests
{
    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 }, new ulong[] { 0, 1, 1 }, new byte[] { 1, 4, 5 })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 }, new ulong[] { 3, 1, 3, 0 }, new byte[] { 5 })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 }, new ulong[] { 0, 0, 4 }, new byte[] { 1, 2, 3, 4 })]
    public void DeleteBlock_RemovesTheChosenBlock(byte[] input, ulong[] script, byte[] expected) =>
        MutationRun.AssertProduces(BlockMutations.DeleteBlock, input, script, expected);

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 0, 1, 0, 4 }, new byte[] { 1, 2, 3, 4, 1, 2 }, 16)]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 0, 1, 2, 0 }, new byte[] { 3, 4, 1, 2, 3, 4 }, 16)]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 0, 2, 0, 1 }, new byte[] { 1, 1, 2, 3, 2, 3, 4 }, 16)]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 0, 0, 3, 0 }, new byte[] { 4, 1, 2, 3, 4 }, 5)]
    public void InsertClonedBlock_CopiesABlockIntoAGap(byte[] input, ulong[] script, byte[] expected, int maxLength) =>
        MutationRun.AssertProduces(BlockMutations.InsertClonedBlock, input, script, expected, maxLength);

    [Theory]
    [InlineData(new byte[] { 1, 2 }, new ulong[] { 0, 2, 1, 1, 0xAA }, new byte[] { 1, 0xAA, 0xAA, 0xAA, 2 }, 8)]
    [InlineData(new byte[] { 1, 2 }, new ulong[] { 0, 2, 2, 0, 0 }, new byte[] { 1, 2, 1, 1, 1 }, 8)]
    [InlineData(new byte[] { }, new ulong[] { 1, 3, 0, 7 }, new byte[] { 7, 7, 7, 7 }, 4)]
    public void InsertConstantBlock_InsertsARepeatedByte(byte[] input, ulong[] script, byte[] expected, int maxLength) =>
        MutationRun.AssertProduces(BlockMutations.InsertConstantBlock, input, script, expected, maxLength);

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 }, new ulong[] { 0, 1, 0, 3 }, new byte[] { 1, 2, 3, 1, 2 })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 }, new ulong[] { 0, 2, 0, 1 }, new byte[] { 1, 1, 2, 3, 5 })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 }, new ulong[] { 0, 2, 2, 0 }, new byte[] { 3, 4, 5, 4, 5 })]
    public void OverwriteWithCopy_CopiesABlockOverAnother(byte[] input, ulong[] script, byte[] expected) =>
        MutationRun.AssertProduces(BlockMutations.OverwriteWithCopy, input, script, expected);

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 0, 1, 1, 1, 0 }, new byte[] { 1, 0, 0, 4 })]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 3, 1, 3, 0, 1, 9 }, new byte[] { 9, 9, 9, 9 })]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 0, 1, 1, 0, 3 }, new byte[] { 1, 4, 4, 4 })]
    public void OverwriteWithConstant_FillsABlock(byte[] input, ulong[] script, byte[] expected) =>
        MutationRun.AssertProduces(BlockMutations.OverwriteWithConstant, input, script, expected);

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 }, new ulong[] { 0, 1, 0, 1 }, new byte[] { 4, 5, 3, 1, 2 })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 }, new ulong[] { 0, 0, 1, 2 }, new byte[] { 1, 5, 3, 4, 2 })]
    [InlineData(new byte[] { 1, 2 }, new ulong[] { 0, 0, 0, 0 }, new byte[] { 2, 1 })]
    public void SwapBlocks_ExchangesTwoBlocks(byte[] input, ulong[] script, byte[] expected) =>
        MutationRun.AssertProduces(BlockMutations.SwapBlocks, input, script, expected);

    [Theory]
    [InlineData(new byte[] { 1, 2 }, new ulong[] { 2, 0xCCBBAA }, new byte[] { 1, 2, 0xAA, 0xBB, 0xCC }, 16)]
    [InlineData(
        new byte[] { },
        new ulong[] { 9, 0x0706050403020100, 0x0F0E0D0C0B0A0908 },
        new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
        10)]
    public void AppendRandomBytes_GrowsTheInput(byte[] input, ulong[] script, byte[] expected, int maxLength) =>
        MutationRun.AssertProduces(BlockMutations.AppendRandomBytes, input, script, expected, maxLength);

    [Fact]
    public void DeleteBlock_OnOneByte_Declines() =>
        MutationRun.AssertDeclines(BlockMutations.DeleteBlock, [1], []);

    [Fact]
    public void InsertClonedBlock_WhenFull_Declines() =>
        MutationRun.AssertDeclines(BlockMutations.InsertClonedBlock, [1, 2], [], maxLength: 2);

    [Fact]
    public void InsertClonedBlock_OnEmptyInput_Declines() =>
        MutationRun.AssertDeclines(BlockMutations.InsertClonedBlock, [], []);

    [Fact]
    public void InsertConstantBlock_WhenFull_Declines() =>
        MutationRun.AssertDeclines(BlockMutations.InsertConstantBlock, [1, 2], [], maxLength: 2);

    [Fact]
    public void OverwriteWithCopy_OntoItself_Declines() =>
        MutationRun.AssertDeclines(BlockMutations.OverwriteWithCopy, [1, 2, 3, 4, 5], [0, 0, 2, 2]);

    [Fact]
    public void OverwriteWithConstant_OnEmptyInput_Declines() =>
        MutationRun.AssertDeclines(BlockMutations.OverwriteWithConstant, [], []);

    [Fact]
    public void SwapBlocks_OnOneByte_Declines() =>
        MutationRun.AssertDeclines(BlockMutations.SwapBlocks, [1], []);

    [Fact]
    public void AppendRandomBytes_WhenFull_Declines() =>
        MutationRun.AssertDeclines(BlockMutations.AppendRandomBytes, [1, 2], [], maxLength: 2);

    [Fact]
    public void AppendRandomBytes_WhenNotShort_Declines() =>
        MutationRun.AssertDeclines(BlockMutations.AppendRandomBytes, new byte[BlockMutations.ShortLength], [], maxLength: 128);
}
