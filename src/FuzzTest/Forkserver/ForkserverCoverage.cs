using FuzzTest.Coverage;

namespace FuzzTest.Forkserver;

/// <summary>The AFL map a native target writes, read in place from the shared memory.</summary>
/// <param name="executor">The executor whose target writes the map.</param>
internal sealed class ForkserverCoverage(ForkserverExecutor executor) : ICoverageMap
{
    /// <inheritdoc />
    public Span<byte> Read() => executor.Coverage;

    /// <inheritdoc />
    public IReadOnlyList<byte[]> TakeNewTokens() => [];
}
