using FuzzTest.Mutators;
using FuzzTest.Randomness;

namespace FuzzTest.Tests.Mutators;

public class DictionaryMutatorTests
{
    private static readonly TokenDictionary Tokens = CreateTokens();

    [Theory]
    [InlineData(new byte[] { 1, 2 }, new ulong[] { 1, 1 }, new byte[] { 1, (byte)'X', (byte)'Y', (byte)'Z', 2 })]
    [InlineData(new byte[] { 1, 2 }, new ulong[] { 0, 2 }, new byte[] { 1, 2, (byte)'A', (byte)'B' })]
    [InlineData(new byte[] { }, new ulong[] { 0, 0 }, new byte[] { (byte)'A', (byte)'B' })]
    public void InsertToken_InsertsTheChosenToken(byte[] input, ulong[] script, byte[] expected) =>
        MutationRun.AssertProduces(InsertToken, input, script, expected, maxLength: 8);

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 1, 1 }, new byte[] { 1, (byte)'X', (byte)'Y', (byte)'Z' })]
    [InlineData(new byte[] { 1, 2, 3, 4 }, new ulong[] { 0, 0 }, new byte[] { (byte)'A', (byte)'B', 3, 4 })]
    public void OverwriteToken_WritesTheChosenToken(byte[] input, ulong[] script, byte[] expected) =>
        MutationRun.AssertProduces(OverwriteToken, input, script, expected);

    [Theory]
    [InlineData(new ulong[] { 1, 0, 2 }, new byte[] { 1, 2, (byte)'A', (byte)'B' })]
    [InlineData(new ulong[] { 0, 0, 0 }, new byte[] { (byte)'A', (byte)'B', 1, 2, 3, 4 })]
    public void Mutate_ChoosesInsertOrOverwrite(ulong[] script, byte[] expected) =>
        MutationRun.AssertProduces(new DictionaryMutator(Tokens).Mutate, [1, 2, 3, 4], script, expected);

    [Fact]
    public void InsertToken_WhenTokenDoesNotFit_Declines() =>
        MutationRun.AssertDeclines(InsertToken, [1, 2], [1], maxLength: 4);

    [Fact]
    public void OverwriteToken_WhenTokenIsLongerThanInput_Declines() =>
        MutationRun.AssertDeclines(OverwriteToken, [1, 2], [1]);

    [Fact]
    public void Operations_WithEmptyDictionary_DeclineWithoutDrawing()
    {
        var empty = new TokenDictionary();

        MutationRun.AssertDeclines((input, random) => DictionaryMutator.InsertToken(input, random, empty), [1, 2], []);
        MutationRun.AssertDeclines((input, random) => DictionaryMutator.OverwriteToken(input, random, empty), [1, 2], []);
    }

    private static bool InsertToken(InputBuffer input, IFuzzRandom random) =>
        DictionaryMutator.InsertToken(input, random, Tokens);

    private static bool OverwriteToken(InputBuffer input, IFuzzRandom random) =>
        DictionaryMutator.OverwriteToken(input, random, Tokens);

    private static TokenDictionary CreateTokens()
    {
        var tokens = new TokenDictionary();
        tokens.Add("AB"u8);
        tokens.Add("XYZ"u8);
        return tokens;
    }
}
