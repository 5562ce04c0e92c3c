namespace FuzzTest.Coverage;

/// <summary>
/// Where a fuzz loop reads what the run that just ended covered: FuzzTest's own counters in this
/// process, or the map an AFL++-instrumented program writes. The loop clears the counters after
/// reading them, so each run starts from zero.
/// </summary>
internal interface ICoverageMap
{
    /// <summary>The counters of the last run, one byte per edge or probe.</summary>
    Span<byte> Read();

    /// <summary>Comparison constants that became known since the last call (new dictionary tokens); usually none.</summary>
    IReadOnlyList<byte[]> TakeNewTokens();
}
