namespace FuzzTest.Sessions;

/// <summary>What a session hears from its backend while it fuzzes: the loop's events plus the end of seeding.</summary>
internal interface ISessionEvents : ILoopEvents
{
    /// <summary>The seeds have run; <paramref name="status"/> describes the starting corpus.</summary>
    void SeedsDone(LoopStatus status);
}
