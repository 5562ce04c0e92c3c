using FuzzTest.Coverage;

namespace FuzzTest.Forkserver;

/// <summary>
/// The AFL map a native target writes, read in place from the shared memory; its tokens are the
/// target's autodictionary, handed over once.
/// </summary>
/// <param name="executor">The executor whose target writes the map.</param>
internal sealed class ForkserverCoverage(ForkserverExecutor executor) : ICoverageMap
{
    private bool tokensTaken;

    /// <inheritdoc />
    public Span<byte> Read() => executor.Coverage;

    /// <inheritdoc />
    public IReadOnlyList<byte[]> TakeNewTokens()
    {
        if (tokensTaken)
        {
            return [];
        }

        tokensTaken = true;
        return executor.Dictionary;
    }
}
