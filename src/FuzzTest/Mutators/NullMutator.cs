using FuzzTest.Randomness;

namespace FuzzTest.Mutators;

/// <summary>A mutator that never applies: for pipelines that only replay seeds, and for tests.</summary>
internal sealed class NullMutator : IMutator
{
    /// <summary>The shared instance; it has no state.</summary>
    public static readonly NullMutator Instance = new();

    private NullMutator()
    {
    }

    /// <inheritdoc />
    public bool Mutate(InputBuffer input, IFuzzRandom random) => false;
}
