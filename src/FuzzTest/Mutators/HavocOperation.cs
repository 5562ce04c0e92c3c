namespace FuzzTest.Mutators;

/// <summary>
/// The operations <see cref="HavocMutator"/> chooses between. Dispatching on this enum with a
/// switch keeps each call a direct static call: no delegate or interface call per operation.
/// </summary>
internal enum HavocOperation : byte
{
    /// <summary><see cref="ByteMutations.FlipBit"/>.</summary>
    FlipBit,

    /// <summary><see cref="ByteMutations.SetRandomByte"/>.</summary>
    SetRandomByte,

    /// <summary><see cref="InterestingValueMutations.Set8"/>.</summary>
    Interesting8,

    /// <summary><see cref="InterestingValueMutations.Set16"/>.</summary>
    Interesting16,

    /// <summary><see cref="InterestingValueMutations.Set32"/>.</summary>
    Interesting32,

    /// <summary><see cref="ArithmeticMutations.AddSub8"/>.</summary>
    Arithmetic8,

    /// <summary><see cref="ArithmeticMutations.AddSub16"/>.</summary>
    Arithmetic16,

    /// <summary><see cref="ArithmeticMutations.AddSub32"/>.</summary>
    Arithmetic32,

    /// <summary><see cref="BlockMutations.DeleteBlock"/>.</summary>
    DeleteBlock,

    /// <summary><see cref="BlockMutations.InsertClonedBlock"/>.</summary>
    InsertClonedBlock,

    /// <summary><see cref="BlockMutations.InsertConstantBlock"/>.</summary>
    InsertConstantBlock,

    /// <summary><see cref="BlockMutations.OverwriteWithCopy"/>.</summary>
    OverwriteWithCopy,

    /// <summary><see cref="BlockMutations.OverwriteWithConstant"/>.</summary>
    OverwriteWithConstant,

    /// <summary><see cref="BlockMutations.SwapBlocks"/>.</summary>
    SwapBlocks,

    /// <summary><see cref="BlockMutations.AppendRandomBytes"/>.</summary>
    AppendRandomBytes,

    /// <summary><see cref="DictionaryMutator.InsertToken"/>; only scheduled when the dictionary has tokens.</summary>
    InsertToken,

    /// <summary><see cref="DictionaryMutator.OverwriteToken"/>; only scheduled when the dictionary has tokens.</summary>
    OverwriteToken,
}
