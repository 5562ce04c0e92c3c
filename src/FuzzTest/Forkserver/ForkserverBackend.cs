using System.Diagnostics;
using System.Globalization;
using FuzzTest.Corpus;
using FuzzTest.Executors;
using FuzzTest.Randomness;
using FuzzTest.Sessions;
using FuzzTest.Sharing;
using FuzzTest.Workers;

namespace FuzzTest.Forkserver;

/// <summary>
/// Fuzzes a native program built with AFL++'s compilers: the session's loop runs on this thread
/// and each input runs in a child of the program's forkserver, so a crash or a hang costs a
/// child, never this process. The AFL map is the loop's coverage; with a broker, new inputs and
/// findings are shared with the session's other lanes exactly as isolated workers share theirs.
/// </summary>
internal sealed class ForkserverBackend : IFuzzBackend, ILoopEvents
{
    private readonly ForkserverExecutor executor;
    private readonly FuzzLoop loop;
    private readonly Xoshiro256StarStar random = new(0);
    private readonly HangSuspects suspects;
    private readonly Action<string> say;
    private readonly string topic;
    private readonly HashSet<string> reported = [];
    private readonly Stopwatch fuzzing = new();
    private ISessionEvents events = new NullSessionEvents();
    private IReadOnlyCollection<string> known = [];
    private WorkerSharing? sharing;
    private int ticks;
    private int findings;
    private int imported;
    private int knownHangs;

    /// <summary>Starts the program's forkserver (the handshake happens here, so a bad target fails at once).</summary>
    /// <param name="options">The program and how to run it; its timeout is the full per-input timeout.</param>
    /// <param name="topic">The fuzzed method's full name: what this lane shares is tagged with it.</param>
    /// <param name="maxLength">Largest input generated.</param>
    /// <param name="say">Where progress lines go.</param>
    /// <exception cref="ForkserverException">The program is missing, not instrumented, or failed the handshake.</exception>
    public ForkserverBackend(ForkserverOptions options, string topic, int maxLength, Action<string> say)
    {
        executor = new ForkserverExecutor(options);
        suspects = new HangSuspects(options.Timeout);
        this.say = say;
        this.topic = topic;
        loop = new FuzzLoop(executor, new ForkserverCoverage(executor), this, random, maxLength);
    }

    /// <summary>Asked for the broker's port when fuzzing starts; null fuzzes alone.</summary>
    public Func<int>? Broker { get; init; }

    /// <inheritdoc />
    public string Name => $"through the AFL++ forkserver of {Program}";

    /// <summary>"native-target (persistent mode, shared-memory input)": the program and how it runs, for messages.</summary>
    public string Program =>
        Path.GetFileName(executor.Target) + (executor.Persistent, executor.SharedMemoryInput) switch
        {
            (true, true) => " (persistent mode, shared-memory input)",
            (true, false) => " (persistent mode)",
            (false, true) => " (shared-memory input)",
            _ => "",
        };

    /// <inheritdoc />
    public bool SurvivesProcessDeath => true;

    /// <inheritdoc />
    /// <remarks>Read by the parallel backend from other lanes' threads: plain reads of counters, good enough for a status line.</remarks>
    public LoopStatus Status => new(loop.Executions, loop.CorpusCount, loop.Covered, executor.MapSize, loop.DictionaryCount);

    /// <inheritdoc />
    public RunOutcome Run(byte[] input)
    {
        // Replays and minimization judge with the full timeout, whatever fuzzing uses at the moment.
        var fuzzingTimeout = executor.Timeout;
        executor.Timeout = suspects.Timeout;
        try
        {
            return loop.Execute(input);
        }
        finally
        {
            executor.Timeout = fuzzingTimeout;
        }
    }

    /// <inheritdoc />
    public void Fuzz(FuzzPlan plan, ISessionEvents events)
    {
        this.events = events;
        known = plan.KnownSignatures;
        random.RestoreState(new Xoshiro256StarStar(plan.RandomSeed).SaveState());
        loop.RunLimit = plan.RunLimit;
        loop.MaxLength = plan.MaxLength;
        fuzzing.Restart();
        sharing = Broker is { } port ? Join(port()) : null;
        try
        {
            executor.Timeout = suspects.Timeout;
            loop.AddTokens(plan.Tokens);
            loop.RunSeeds(plan.Seeds);
            events.SeedsDone(Status);

            // The other lanes' finds so far, then as they come.
            loop.Poll = sharing is null ? null : ReceiveShared;
            ReceiveShared();
            executor.Timeout = suspects.Exploration;
            loop.Fuzz();
            sharing?.PublishStats(Stats());
            if (knownHangs > 0)
            {
                say(string.Create(CultureInfo.InvariantCulture, $"[fuzz] {Program}: {knownHangs:N0} runs passed the {suspects.Exploration.TotalMilliseconds:0} ms exploration timeout after the hang was known; each was cut short there."));
            }
        }
        finally
        {
            executor.Timeout = suspects.Timeout;
            loop.Poll = null;
            sharing?.Dispose();
            sharing = null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => executor.Dispose();

    void ILoopEvents.Kept(CorpusEntry entry)
    {
        sharing?.PublishTestcase(entry.Data);
        events.Kept(entry);
    }

    void ILoopEvents.Failed(byte[] input, RunOutcome outcome)
    {
        if (outcome.Kind == ExitKind.Timeout && executor.Timeout < suspects.Timeout)
        {
            // Only suspected: the run passed the short exploration timeout.
            if (!suspects.ShouldConfirm(known.Contains(WorkerBackend.TimeoutSignature)))
            {
                knownHangs++;
                return;
            }

            var confirmed = Run(input);
            if (!confirmed.Failed)
            {
                say(suspects.Cleared());
                executor.Timeout = suspects.Exploration;
                return;
            }

            outcome = confirmed;
        }

        if (!known.Contains(outcome.Signature) && reported.Add(outcome.Signature))
        {
            findings++;
            sharing?.PublishFinding(outcome.Signature);
        }

        events.Failed(input, outcome);
    }

    bool ILoopEvents.Tick()
    {
        if (sharing is not null && ++ticks % WorkerHost.TicksPerStats == 0)
        {
            sharing.PublishStats(Stats());
        }

        return events.Tick();
    }

    // The broker may be gone (the session that hosted it on an agreed port ended): fuzzing
    // alone is still worth more than no fuzzing.
    private WorkerSharing? Join(int port)
    {
        try
        {
            return WorkerSharing.Join(port, topic);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            say($"[fuzz] {Program}: fuzzing without sharing: {e.Message}");
            return null;
        }
    }

    private void ReceiveShared() =>
        sharing?.Receive(Import, signature => reported.Add(signature), () => loop.Executions < loop.RunLimit);

    private void Import(byte[] input)
    {
        if (loop.Import(input))
        {
            imported++;
        }
    }

    private WorkerStats Stats() => new(loop.Executions, (long)fuzzing.Elapsed.TotalMilliseconds, loop.CorpusCount, loop.Covered, findings, imported);
}
