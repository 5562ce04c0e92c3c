namespace FuzzTest.Sessions;

/// <summary>What a backend fuzzes: the seeds to start from, a run budget and the seed of its random choices.</summary>
/// <param name="Seeds">Inputs run first; those with new coverage form the starting corpus.</param>
/// <param name="RunLimit">The backend stops when its total executions reach this.</param>
/// <param name="RandomSeed">Seeds the loop's generator, so a session replays exactly.</param>
/// <param name="KnownSignatures">Bugs already known (saved earlier), so the same bug is not reported again.</param>
/// <param name="MaxLength">Largest input generated; longer seeds are cut to it.</param>
internal sealed record FuzzPlan(IReadOnlyList<byte[]> Seeds, long RunLimit, ulong RandomSeed, IReadOnlyCollection<string> KnownSignatures, int MaxLength);
