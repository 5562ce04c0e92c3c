using FuzzTest.Coverage;

namespace FuzzTest.Forkserver;

/// <summary>
/// The AFL map a native target writes, read in place from the shared memory; its tokens are the
/// test's dictionary file and the target's autodictionary, handed over once.
/// </summary>
/// <param name="executor">The executor whose target writes the map.</param>
/// <param name="dictionary">The tokens of the test's dictionary file.</param>
internal sealed class ForkserverCoverage(ForkserverExecutor executor, IReadOnlyList<byte[]> dictionary) : ICoverageMap
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
        return [.. dictionary, .. executor.Dictionary];
    }
}
