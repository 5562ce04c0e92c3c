namespace FuzzTest.Executors;

/// <summary>An executor whose target always returns normally; for wiring tests.</summary>
internal sealed class NullExecutor : IExecutor
{
    /// <inheritdoc />
    public ExitKind Run(byte[] buffer, int length, out Exception? exception)
    {
        exception = null;
        return ExitKind.Ok;
    }
}
