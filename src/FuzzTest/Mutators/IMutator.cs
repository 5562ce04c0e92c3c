namespace FuzzTest.Mutators;

/// <summary>Changes an input in place; returns false when it could not apply (the input is then unchanged).</summary>
internal interface IMutator
{
    /// <summary>Mutates <paramref name="input"/>, drawing every choice from <paramref name="random"/>.</summary>
    bool Mutate(InputBuffer input, Randomness.IFuzzRandom random);
}
