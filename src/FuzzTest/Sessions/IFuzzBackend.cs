using FuzzTest.Executors;

namespace FuzzTest.Sessions;

/// <summary>
/// Where the target runs for a session: the test process itself, or worker processes that can
/// die without taking the session along. The session owns the decisions (what to save, how to
/// minimize); the backend runs the loop and single inputs.
/// </summary>
internal interface IFuzzBackend : IDisposable
{
    /// <summary>Short name for messages ("in-process", "isolated").</summary>
    string Name { get; }

    /// <summary>True when a run that ends its process is reported as a failure rather than ending the session.</summary>
    bool SurvivesProcessDeath { get; }

    /// <summary>Where the loop stands.</summary>
    LoopStatus Status { get; }

    /// <summary>Runs one input (replay, minimization, deduplication); counted in <see cref="Status"/>.</summary>
    RunOutcome Run(byte[] input);

    /// <summary>Runs the seeds, then fuzzes until the plan's run limit or until <see cref="ILoopEvents.Tick"/> returns false.</summary>
    void Fuzz(FuzzPlan plan, ISessionEvents events);
}
