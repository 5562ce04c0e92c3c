namespace FuzzTest.Sessions;

/// <summary>Where a fuzz loop stands, for status lines and reports.</summary>
/// <param name="Executions">Runs so far.</param>
/// <param name="Corpus">Entries in the loop's corpus.</param>
/// <param name="Covered">Counters seen hit.</param>
/// <param name="Counters">Counters the instrumented code has registered (the map size).</param>
/// <param name="Dictionary">Tokens in the mutation dictionary.</param>
internal readonly record struct LoopStatus(long Executions, int Corpus, int Covered, int Counters, int Dictionary)
{
    private readonly IReadOnlyList<Sharing.WorkerFigures>? workers;

    /// <summary>Each live worker's own figures when several fuzz together; empty otherwise.</summary>
    public IReadOnlyList<Sharing.WorkerFigures> Workers
    {
        get => workers ?? [];
        init => workers = value;
    }
}
