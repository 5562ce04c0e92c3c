namespace FuzzTest.Executors;

/// <summary>An executor whose target always returns normally; for wiring tests.</summary>
internal sealed class NullExecutor : IExecutor
{
    /// <inheritdoc />
    public RunOutcome Run(byte[] buffer, int length) => RunOutcome.Ok;
}
