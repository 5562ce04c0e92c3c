namespace FuzzTest.Sessions;

/// <summary>What a backend fuzzes: the seeds to start from, a run budget and the seed of its random choices.</summary>
/// <param name="Seeds">Inputs run first; those with new coverage form the starting corpus.</param>
/// <param name="RunLimit">The backend stops when its total executions reach this.</param>
/// <param name="RandomSeed">Seeds the loop's generator, so a session replays exactly.</param>
/// <param name="KnownSignatures">Bugs already known (saved earlier), so the same bug is not reported again.</param>
/// <param name="MaxLength">Largest input generated; longer seeds are cut to it.</param>
internal sealed record FuzzPlan(IReadOnlyList<byte[]> Seeds, long RunLimit, ulong RandomSeed, IReadOnlyCollection<string> KnownSignatures, int MaxLength)
{
    /// <summary>Tokens for the mutator's dictionary from the test (its dictionary file), added before the seeds run.</summary>
    public IReadOnlyList<byte[]> Tokens { get; init; } = [];

    /// <summary>
    /// Lane <paramref name="lane"/>'s part when <paramref name="lanes"/> loops fuzz together: its
    /// share of the run budget, its own random stream, and every N-th seed (the others arrive
    /// through the broker once their lane has run them); <paramref name="known"/> is the bug list
    /// all lanes share.
    /// </summary>
    public FuzzPlan ForLane(int lane, int lanes, IReadOnlyCollection<string> known)
    {
        var runs = RunLimit == long.MaxValue ? long.MaxValue : (RunLimit / lanes) + (lane < RunLimit % lanes ? 1 : 0);
        return this with
        {
            Seeds = [.. Seeds.Where((_, i) => i % lanes == lane)],
            RunLimit = runs,
            RandomSeed = RandomSeed + ((ulong)lane * 0xD1B54A32D192ED03UL),
            KnownSignatures = known,
        };
    }
}
