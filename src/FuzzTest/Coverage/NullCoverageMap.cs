namespace FuzzTest.Coverage;

/// <summary>A map that never covers anything: every input is equally (un)interesting.</summary>
internal sealed class NullCoverageMap : ICoverageMap
{
    /// <inheritdoc />
    public Span<byte> Read() => [];

    /// <inheritdoc />
    public IReadOnlyList<byte[]> TakeNewTokens() => [];
}
