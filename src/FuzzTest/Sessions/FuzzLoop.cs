using FuzzTest.Corpus;
using FuzzTest.Coverage;
using FuzzTest.Executors;
using FuzzTest.Feedback;
using FuzzTest.Mutators;
using FuzzTest.Randomness;
using FuzzTest.Scheduling;

namespace FuzzTest.Sessions;

/// <summary>
/// The coverage-guided loop itself: schedule → mutate → run → observe coverage → keep what is
/// new. It runs wherever the target runs — in the test process, or inside a worker process —
/// and tells its owner (<see cref="ILoopEvents"/>) about kept inputs and failures; what to do
/// with them (save, minimize, share) is the owner's business.
/// </summary>
internal sealed class FuzzLoop
{
    private readonly IExecutor executor;
    private readonly ICoverageMap coverage;
    private readonly ILoopEvents events;
    private readonly Xoshiro256StarStar random;
    private readonly InMemoryCorpus corpus = new();
    private readonly RareCoverageScheduler scheduler = new();
    private readonly CoverageFeedback feedback = new();
    private readonly TokenDictionary dictionary = new();
    private readonly HavocMutator havoc;
    private readonly SpliceMutator splice;
    private int countersSeen;
    private long nextTick;
    private long lastPoll;
    private int runsSincePoll;

    /// <summary>
    /// Creates a loop that runs inputs through <paramref name="executor"/>, reads what each run
    /// covered from <paramref name="coverage"/> and draws every choice from <paramref name="random"/>.
    /// </summary>
    public FuzzLoop(IExecutor executor, ICoverageMap coverage, ILoopEvents events, Xoshiro256StarStar random, int maxLength)
    {
        this.executor = executor;
        this.coverage = coverage;
        this.events = events;
        this.random = random;
        MaxLength = maxLength;
        havoc = new HavocMutator(dictionary);
        splice = new SpliceMutator(PickPartner);
    }

    /// <summary>Largest input the loop generates; longer seeds are cut to it.</summary>
    public int MaxLength { get; set; }

    /// <summary>
    /// Runs between two calls of <see cref="Poll"/> at most: a poll that finds nothing is a
    /// memory read or two, a few nanoseconds, so even a fast target (a run in 250 ns) gives up
    /// well under 1 % to it, and a find arrives within microseconds.
    /// </summary>
    public const int PollEveryRuns = 64;

    /// <summary>
    /// Called between runs every <see cref="PollEveryRuns"/> runs, and whenever the coarse clock
    /// has moved on (every few milliseconds, for slow targets): a worker takes the other
    /// workers' finds here, so they arrive at once rather than at the next tick.
    /// </summary>
    public Action? Poll { get; set; }

    /// <summary>Runs so far, including <see cref="Execute"/> calls.</summary>
    public long Executions { get; private set; }

    /// <summary>The loop stops once <see cref="Executions"/> reaches this.</summary>
    public long RunLimit { get; set; } = long.MaxValue;

    /// <summary>Entries in the loop's corpus.</summary>
    public int CorpusCount => corpus.Count;

    /// <summary>Counters the loop has seen hit.</summary>
    public int Covered => feedback.CoveredCount;

    /// <summary>Tokens in the mutation dictionary.</summary>
    public int DictionaryCount => dictionary.Count;

    /// <summary>Adds <paramref name="tokens"/> to the mutation dictionary (the test's dictionary file); call before the seeds, so token indexes are the same in every replay.</summary>
    public void AddTokens(IEnumerable<byte[]> tokens)
    {
        foreach (var token in tokens)
        {
            dictionary.Add(token);
        }
    }

    /// <summary>Runs one input outside the corpus (replay, minimization) and clears its coverage.</summary>
    public RunOutcome Execute(byte[] input)
    {
        var outcome = executor.Run(input, input.Length);
        Executions++;
        coverage.Read().Clear();
        return outcome;
    }

    /// <summary>Runs each seed (cut to the maximum length); those that reach new coverage join the corpus.</summary>
    public void RunSeeds(IEnumerable<byte[]> inputs)
    {
        foreach (var input in inputs)
        {
            if (Executions >= RunLimit || !TickDue())
            {
                break;
            }

            var data = input.Length > MaxLength ? input[..MaxLength] : input;
            RunOne(data, data.Length);
        }

        if (corpus.Count == 0)
        {
            // Without coverage nothing is ever "new"; fuzzing still needs one entry to mutate.
            corpus.Add(new CorpusEntry([], [], 1));
            scheduler.Added(corpus);
        }

        LoadNewTokens();
    }

    /// <summary>
    /// Runs an input another worker found: it joins this corpus if it reaches coverage new here,
    /// without being announced as this loop's own find (it is not shared again).
    /// </summary>
    /// <returns>True when it was kept.</returns>
    public bool Import(byte[] input)
    {
        var data = input.Length > MaxLength ? input[..MaxLength] : input;
        var before = corpus.Count;
        RunOne(data, data.Length, announce: false);
        return corpus.Count > before;
    }

    /// <summary>Fuzzes until <see cref="RunLimit"/> is reached or <see cref="ILoopEvents.Tick"/> says stop.</summary>
    public void Fuzz()
    {
        var input = new InputBuffer(MaxLength);
        while (Executions < RunLimit)
        {
            var parent = corpus[scheduler.Next(corpus, random)];
            var energy = parent.Favored ? 256 : 64;
            for (var i = 0; i < energy; i++)
            {
                input.Load(parent.Data);
                if (corpus.Count > 1 && random.Below(8) == 0)
                {
                    splice.Mutate(input, random);
                }

                havoc.Mutate(input, random);
                RunOne(input.Data, input.Length);
                if (Executions >= RunLimit || !TickDue())
                {
                    return;
                }
            }
        }
    }

    // A coarse clock read is a few nanoseconds: cheap enough after every run, so slow targets
    // still report progress and stop on time.
    private bool TickDue()
    {
        var now = Environment.TickCount64;
        if (Poll is { } poll && (++runsSincePoll >= PollEveryRuns || now != lastPoll))
        {
            lastPoll = now;
            runsSincePoll = 0;
            poll();
        }

        if (now < nextTick)
        {
            return true;
        }

        nextTick = now + 100;
        return events.Tick();
    }

    private void RunOne(byte[] data, int length, bool announce = true)
    {
        var outcome = executor.Run(data, length);
        Executions++;
        var counters = coverage.Read();
        if (counters.Length != countersSeen)
        {
            // A module registered during this run (or the map grew): its constants join the
            // dictionary now, at the same execution in every replay of the session.
            countersSeen = counters.Length;
            LoadNewTokens();
        }

        if (!outcome.Failed && feedback.IsInteresting(counters))
        {
            Keep(data, length, counters, announce);
        }

        counters.Clear();
        if (outcome.Failed)
        {
            events.Failed(data.AsSpan(0, length).ToArray(), outcome);
        }
    }

    private void Keep(byte[] data, int length, Span<byte> counters, bool announce)
    {
        // The cost of a run is measured as the probes it executed, not as wall time: the same
        // count on every machine and in every replay, so a seed replays the same session.
        var covered = new List<int>();
        long probesRun = 0;
        for (var i = 0; i < counters.Length; i++)
        {
            if (counters[i] != 0)
            {
                covered.Add(i);
                probesRun += counters[i];
            }
        }

        feedback.Commit(counters);
        var entry = new CorpusEntry(data.AsSpan(0, length).ToArray(), [.. covered], probesRun);
        corpus.Add(entry);
        scheduler.Added(corpus);
        if (announce)
        {
            events.Kept(entry);
        }
    }

    private ReadOnlyMemory<byte>? PickPartner(IFuzzRandom r) =>
        corpus.Count == 0 ? null : corpus[r.Below(corpus.Count)].Data;

    private void LoadNewTokens()
    {
        foreach (var token in coverage.TakeNewTokens())
        {
            dictionary.Add(token);
        }
    }
}
