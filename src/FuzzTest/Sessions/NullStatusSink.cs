namespace FuzzTest.Sessions;

/// <summary>Discards every line.</summary>
internal sealed class NullStatusSink : IStatusSink
{
    /// <inheritdoc />
    public void WriteLine(string line)
    {
    }
}
