using System.Diagnostics;
using FuzzTest.Corpus;
using FuzzTest.Coverage;
using FuzzTest.Executors;
using FuzzTest.Randomness;
using FuzzTest.Runtime;
using FuzzTest.Targets;

namespace FuzzTest.Sessions;

/// <summary>
/// Runs the target on the session's own thread: the fastest backend, and the one a debugger
/// can step into. A stack overflow or FailFast ends the process; the in-flight record lets
/// the next session recover that input. A hang is caught by a watchdog, which saves the input
/// and ends the process (.NET cannot stop a running method).
/// </summary>
internal sealed class InProcessBackend : IFuzzBackend, ILoopEvents
{
    private readonly InFlightInput record;
    private readonly Watchdog? watchdog;
    private readonly FuzzLoop loop;
    private readonly Xoshiro256StarStar random = new(0);
    private ISessionEvents events = new NullSessionEvents();

    /// <summary>Prepares to run <paramref name="invoke"/>; <paramref name="onTimeout"/> gets the input of a run longer than <paramref name="timeout"/>.</summary>
    public InProcessBackend(InputInvoker invoke, string inFlightFolder, int recordCapacity, int maxLength, TimeSpan timeout, Action<byte[]> onTimeout)
    {
        record = InFlightInput.Create(inFlightFolder, recordCapacity);

        // A paused debugger is not a hang.
        watchdog = Debugger.IsAttached ? null : new Watchdog(record, timeout, onTimeout);
        loop = new FuzzLoop(new InProcessExecutor(invoke, record), new RuntimeCoverageMap(), this, random, maxLength);
        CoverageRuntime.Counters.Clear();
    }

    /// <inheritdoc />
    public string Name => "in-process";

    /// <inheritdoc />
    public bool SurvivesProcessDeath => false;

    /// <summary>Marks the in-flight input as saved by the timeout handler, so recovery does not save it twice.</summary>
    public void MarkTimedOut() => record.MarkTimedOut();

    /// <inheritdoc />
    public LoopStatus Status => new(loop.Executions, loop.CorpusCount, loop.Covered, CoverageRuntime.UsedLength, loop.DictionaryCount);

    /// <inheritdoc />
    public RunOutcome Run(byte[] input) => loop.Execute(input);

    /// <inheritdoc />
    public void Fuzz(FuzzPlan plan, ISessionEvents events)
    {
        this.events = events;
        random.RestoreState(new Xoshiro256StarStar(plan.RandomSeed).SaveState());
        loop.RunLimit = plan.RunLimit;
        loop.MaxLength = plan.MaxLength;
        loop.AddTokens(plan.Tokens);
        loop.RunSeeds(plan.Seeds);
        events.SeedsDone(Status);
        loop.Fuzz();
    }

    void ILoopEvents.Kept(CorpusEntry entry) => events.Kept(entry);

    void ILoopEvents.Failed(byte[] input, RunOutcome outcome) => events.Failed(input, outcome);

    bool ILoopEvents.Tick() => events.Tick();

    /// <inheritdoc />
    public void Dispose()
    {
        watchdog?.Dispose();
        record.Dispose();
    }
}
