using FuzzTest.Randomness;

namespace FuzzTest.Mutators;

/// <summary>
/// AFL-style havoc: stacks several randomly chosen small edits on one input. Stacking lets a
/// single execution make a change no one operation could (a length field and its payload at once),
/// while the many single edits in small stacks keep most children close to their parent.
/// </summary>
/// <remarks>
/// Draws, in order: if the input is empty, an append (see <see cref="BlockMutations.AppendRandomBytes"/>);
/// the stack power <c>Below(4)</c> (plus one, written k); the stack size <c>Below(2^k)</c> (plus one);
/// then for each stacked edit up to <see cref="AttemptsPerEdit"/> times an index
/// <c>Below(schedule length)</c> into <see cref="Schedule"/> followed by that operation's own draws,
/// stopping at the first operation that applies.
/// </remarks>
internal sealed class HavocMutator : IMutator
{
    /// <summary>Largest k in a stack of 1..2^k edits: at most 16 edits, as in AFL's default.</summary>
    public const int MaxStackPower = 4;

    /// <summary>
    /// Operations tried per stacked edit before giving up on it; most fail only on very short or
    /// full inputs, where a few redraws find one that fits without looping forever.
    /// </summary>
    public const int AttemptsPerEdit = 4;

    private static readonly HavocOperation[] WithoutTokens = BuildSchedule(withTokens: false);
    private static readonly HavocOperation[] WithTokens = BuildSchedule(withTokens: true);

    private readonly TokenDictionary? dictionary;

    /// <summary>
    /// Creates a havoc mutator; token operations join the schedule whenever
    /// <paramref name="dictionary"/> holds at least one token, so it may be filled later.
    /// </summary>
    public HavocMutator(TokenDictionary? dictionary = null)
    {
        this.dictionary = dictionary;
    }

    /// <summary>
    /// Relative chance of each operation. Value edits dominate because they are cheap and keep the
    /// structure; deletion outweighs any one insertion so that inputs do not drift ever longer.
    /// </summary>
    public static int WeightOf(HavocOperation operation) => operation switch
    {
        HavocOperation.FlipBit => 4,
        HavocOperation.SetRandomByte => 4,
        HavocOperation.Interesting8 => 2,
        HavocOperation.Interesting16 => 2,
        HavocOperation.Interesting32 => 2,
        HavocOperation.Arithmetic8 => 2,
        HavocOperation.Arithmetic16 => 2,
        HavocOperation.Arithmetic32 => 2,
        HavocOperation.DeleteBlock => 3,
        HavocOperation.InsertClonedBlock => 1,
        HavocOperation.InsertConstantBlock => 1,
        HavocOperation.OverwriteWithCopy => 2,
        HavocOperation.OverwriteWithConstant => 1,
        HavocOperation.SwapBlocks => 1,
        HavocOperation.AppendRandomBytes => 1,
        HavocOperation.InsertToken => 3,
        HavocOperation.OverwriteToken => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    /// <summary>
    /// The table an edit's index is drawn from: each operation repeated by its weight, in enum
    /// order, so one draw picks a weighted operation.
    /// </summary>
    public static ReadOnlySpan<HavocOperation> Schedule(bool withTokens) => withTokens ? WithTokens : WithoutTokens;

    /// <inheritdoc />
    public bool Mutate(InputBuffer input, IFuzzRandom random)
    {
        if (input.MaxLength == 0)
        {
            return false;
        }

        // Nearly every operation needs a byte to work on; growing first spares a run of failed draws.
        var applied = input.Length == 0 && BlockMutations.AppendRandomBytes(input, random);
        var schedule = dictionary is { Count: > 0 } ? WithTokens : WithoutTokens;
        var edits = 1 + random.Below(1 << (1 + random.Below(MaxStackPower)));
        for (var edit = 0; edit < edits; edit++)
        {
            for (var attempt = 0; attempt < AttemptsPerEdit; attempt++)
            {
                if (Apply(schedule[random.Below(schedule.Length)], input, random))
                {
                    applied = true;
                    break;
                }
            }
        }

        return applied;
    }

    private bool Apply(HavocOperation operation, InputBuffer input, IFuzzRandom random) => operation switch
    {
        HavocOperation.FlipBit => ByteMutations.FlipBit(input, random),
        HavocOperation.SetRandomByte => ByteMutations.SetRandomByte(input, random),
        HavocOperation.Interesting8 => InterestingValueMutations.Set8(input, random),
        HavocOperation.Interesting16 => InterestingValueMutations.Set16(input, random),
        HavocOperation.Interesting32 => InterestingValueMutations.Set32(input, random),
        HavocOperation.Arithmetic8 => ArithmeticMutations.AddSub8(input, random),
        HavocOperation.Arithmetic16 => ArithmeticMutations.AddSub16(input, random),
        HavocOperation.Arithmetic32 => ArithmeticMutations.AddSub32(input, random),
        HavocOperation.DeleteBlock => BlockMutations.DeleteBlock(input, random),
        HavocOperation.InsertClonedBlock => BlockMutations.InsertClonedBlock(input, random),
        HavocOperation.InsertConstantBlock => BlockMutations.InsertConstantBlock(input, random),
        HavocOperation.OverwriteWithCopy => BlockMutations.OverwriteWithCopy(input, random),
        HavocOperation.OverwriteWithConstant => BlockMutations.OverwriteWithConstant(input, random),
        HavocOperation.SwapBlocks => BlockMutations.SwapBlocks(input, random),
        HavocOperation.AppendRandomBytes => BlockMutations.AppendRandomBytes(input, random),
        HavocOperation.InsertToken => DictionaryMutator.InsertToken(input, random, dictionary!),
        HavocOperation.OverwriteToken => DictionaryMutator.OverwriteToken(input, random, dictionary!),
        _ => false,
    };

    private static HavocOperation[] BuildSchedule(bool withTokens)
    {
        var schedule = new List<HavocOperation>();
        foreach (var operation in Enum.GetValues<HavocOperation>())
        {
            var isToken = operation is HavocOperation.InsertToken or HavocOperation.OverwriteToken;
            if (isToken && !withTokens)
            {
                continue;
            }

            for (var i = 0; i < WeightOf(operation); i++)
            {
                schedule.Add(operation);
            }
        }

        return [.. schedule];
    }
}
