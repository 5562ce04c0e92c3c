using FuzzTest.Mutators;
using FuzzTest.Randomness;

namespace FuzzTest.Tests.Mutators;

// Havoc draws: [append if empty], stack power Below(4), stack size Below(2^k), then per edit an
// index into the schedule followed by that operation's own draws.
public class HavocMutatorTests
{
    [Fact]
    public void Mutate_WithOneEdit_AppliesTheScheduledOperation()
    {
        var flipBit = IndexIn(HavocMutator.Schedule(withTokens: false), HavocOperation.FlipBit);

        MutationRun.AssertProduces(new HavocMutator().Mutate, [1, 2, 3, 4], [0, 0, flipBit, 2, 0], [1, 2, 2, 4]);
    }

    [Fact]
    public void Mutate_StacksSeveralEdits()
    {
        var schedule = HavocMutator.Schedule(withTokens: false);
        var flipBit = IndexIn(schedule, HavocOperation.FlipBit);
        var delete = IndexIn(schedule, HavocOperation.DeleteBlock);

        // k = 1, two edits: flip bit 0 of byte 0, then delete one byte at 3.
        MutationRun.AssertProduces(
            new HavocMutator().Mutate, [1, 2, 3, 4], [0, 1, flipBit, 0, 0, delete, 0, 0, 3], [0, 2, 3]);
    }

    [Fact]
    public void Mutate_RedrawsWhenAnOperationDoesNotFit()
    {
        var schedule = HavocMutator.Schedule(withTokens: false);
        var word = IndexIn(schedule, HavocOperation.Interesting32);
        var flipBit = IndexIn(schedule, HavocOperation.FlipBit);

        MutationRun.AssertProduces(new HavocMutator().Mutate, [7], [0, 0, word, flipBit, 0, 0], [6], maxLength: 1);
    }

    [Fact]
    public void Mutate_WhenNoAttemptFits_Declines()
    {
        var word = IndexIn(HavocMutator.Schedule(withTokens: false), HavocOperation.Interesting16);
        ulong[] script = [0, 0, .. Enumerable.Repeat(word, HavocMutator.AttemptsPerEdit)];

        MutationRun.AssertDeclines(new HavocMutator().Mutate, [7], script, maxLength: 1);
    }

    [Fact]
    public void Mutate_WithZeroMaxLength_DeclinesWithoutDrawing() =>
        MutationRun.AssertDeclines(new HavocMutator().Mutate, [], [], maxLength: 0);

    [Fact]
    public void Mutate_OnEmptyInput_AppendsFirst()
    {
        var flipBit = IndexIn(HavocMutator.Schedule(withTokens: false), HavocOperation.FlipBit);

        MutationRun.AssertProduces(
            new HavocMutator().Mutate, [], [3, 0x44332211, 0, 0, flipBit, 0, 4], [0x01, 0x22, 0x33, 0x44]);
    }

    [Fact]
    public void Mutate_UsesTokensAddedAfterConstruction()
    {
        var dictionary = new TokenDictionary();
        var havoc = new HavocMutator(dictionary);
        dictionary.Add("GET"u8);
        var insert = IndexIn(HavocMutator.Schedule(withTokens: true), HavocOperation.InsertToken);

        MutationRun.AssertProduces(havoc.Mutate, [1], [0, 0, insert, 0, 1], [1, (byte)'G', (byte)'E', (byte)'T']);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Schedule_RepeatsEachOperationByItsWeight(bool withTokens)
    {
        var schedule = HavocMutator.Schedule(withTokens);

        foreach (var operation in Enum.GetValues<HavocOperation>())
        {
            var isToken = operation is HavocOperation.InsertToken or HavocOperation.OverwriteToken;
            var expected = isToken && !withTokens ? 0 : HavocMutator.WeightOf(operation);
            Assert.Equal(expected, Count(schedule, operation));
        }
    }

    [Fact]
    public void Mutate_WithSameSeed_IsDeterministic()
    {
        Assert.Equal(Outputs(seed: 11), Outputs(seed: 11));
    }

    [Fact]
    public void Mutate_WithDifferentSeeds_Differs()
    {
        Assert.NotEqual(Outputs(seed: 11), Outputs(seed: 12));
    }

    [Fact]
    public void Mutate_EmptyInputAlwaysGrows()
    {
        var havoc = new HavocMutator();
        for (var seed = 0UL; seed < 200; seed++)
        {
            var input = new InputBuffer(64);

            Assert.True(havoc.Mutate(input, new Xoshiro256StarStar(seed)));
            Assert.NotEqual(0, input.Length);
        }
    }

    private static List<string> Outputs(ulong seed)
    {
        var dictionary = new TokenDictionary();
        dictionary.Add("magic"u8);
        var havoc = new HavocMutator(dictionary);
        var random = new Xoshiro256StarStar(seed);
        var input = new InputBuffer(64);
        var outputs = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            input.Load("seed input"u8);
            havoc.Mutate(input, random);
            outputs.Add(Convert.ToHexString(input.Span));
        }

        return outputs;
    }

    private static ulong IndexIn(ReadOnlySpan<HavocOperation> schedule, HavocOperation operation)
    {
        for (var i = 0; i < schedule.Length; i++)
        {
            if (schedule[i] == operation)
            {
                return (ulong)i;
            }
        }

        throw new InvalidOperationException($"{operation} is not scheduled.");
    }

    private static int Count(ReadOnlySpan<HavocOperation> schedule, HavocOperation operation)
    {
        var count = 0;
        foreach (var scheduled in schedule)
        {
            count += scheduled == operation ? 1 : 0;
        }

        return count;
    }
}
