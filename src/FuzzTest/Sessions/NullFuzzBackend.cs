using FuzzTest.Executors;

namespace FuzzTest.Sessions;

/// <summary>A backend whose target always returns normally and that never fuzzes.</summary>
internal sealed class NullFuzzBackend : IFuzzBackend
{
    /// <inheritdoc />
    public string Name => "null";

    /// <inheritdoc />
    public bool SurvivesProcessDeath => true;

    /// <inheritdoc />
    public LoopStatus Status => default;

    /// <inheritdoc />
    public RunOutcome Run(byte[] input) => RunOutcome.Ok;

    /// <inheritdoc />
    public void Fuzz(FuzzPlan plan, ISessionEvents events) => events.SeedsDone(Status);

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
