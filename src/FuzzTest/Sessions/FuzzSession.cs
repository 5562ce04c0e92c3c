using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using FuzzTest.Corpus;
using FuzzTest.Executors;
using FuzzTest.Feedback;
using FuzzTest.Findings;
using FuzzTest.Inputs;
using FuzzTest.Mutators;
using FuzzTest.Randomness;
using FuzzTest.Runtime;
using FuzzTest.Scheduling;

namespace FuzzTest.Sessions;

/// <summary>
/// One coverage-guided fuzz session of one method, in process: seed from the saved inputs and
/// the working corpus, then schedule → mutate → run → observe coverage → keep what is new,
/// until the time or execution budget is spent. Crashes are deduplicated, minimized and saved.
/// </summary>
internal sealed partial class FuzzSession
{
    /// <summary>How often a status line is printed.</summary>
    public static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(3);

    // Coverage counters are process-wide, so two sessions at once would read each other's runs.
    private static readonly object OneAtATime = new();

    private readonly SessionConfig config;
    private readonly ulong seed;
    private readonly Xoshiro256StarStar random;
    private readonly OnDiskCorpus corpus;
    private readonly RareCoverageScheduler scheduler = new();
    private readonly CoverageFeedback feedback = new();
    private readonly TokenDictionary dictionary = new();
    private readonly HavocMutator havoc;
    private readonly SpliceMutator splice;
    private readonly FindingStore findings;
    private readonly HashSet<string> signatures = [];
    private readonly List<Finding> newFindings = [];
    private readonly List<byte[]> knownInputs = [];
    private readonly List<string> stillFailing = [];
    private readonly Stopwatch clock = new();
    private IExecutor executor = new NullExecutor();
    private InFlightInput? inFlight;
    private int modulesWithTokens;
    private int countersSeen;
    private long executions;
    private long nextCheckTick;
    private TimeSpan nextStatus;

    /// <summary>Prepares a session; nothing runs until <see cref="Run"/>.</summary>
    public FuzzSession(SessionConfig config)
    {
        this.config = config;
        seed = config.Settings.Seed ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        random = new Xoshiro256StarStar(seed);
        corpus = new OnDiskCorpus(config.Paths.CorpusFolder);
        findings = new FindingStore(config.Paths.InputsFolder);
        havoc = new HavocMutator(dictionary);
        splice = new SpliceMutator(PickPartner);
    }

    /// <summary>Runs the session to the end of its budget and reports what it found.</summary>
    public SessionReport Run()
    {
        lock (OneAtATime)
        {
            config.Paths.EnsureWorkFolder();
            clock.Start();
            RecoverLostRuns();
            using var record = InFlightInput.Create(config.Paths.InFlightFolder, RecordCapacity());
            inFlight = record;

            // A paused debugger is not a hang.
            using var watchdog = Debugger.IsAttached ? null : new Watchdog(record, config.Options.Timeout, OnTimeout);
            executor = new InProcessExecutor(config.Invoke, record);
            Say($"[fuzz] {config.Name}: fuzzing for {Budget()}, inputs up to {config.Options.MaxLength} bytes, seed {seed} (replay with {FuzzSettings.SeedVariable}={seed})");
            CoverageRuntime.Counters.Clear();

            ReplaySavedFindings();
            LoadSeeds();
            Fuzz();

            var report = new SessionReport
            {
                Name = config.Name,
                Seed = seed,
                Executions = executions,
                Elapsed = clock.Elapsed,
                CorpusCount = corpus.Count,
                Covered = feedback.CoveredCount,
                NewFindings = newFindings,
                StillFailing = stillFailing,
            };
            Say(report.Summary());
            return report;
        }
    }

    private string Budget()
    {
        var duration = config.Settings.Duration;
        var time = duration == TimeSpan.MaxValue ? null : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#}s");
        var runs = config.Settings.Runs is { } n ? string.Create(CultureInfo.InvariantCulture, $"{n:N0} runs") : null;
        return string.Join(" or ", new[] { time, runs }.OfType<string>());
    }

    private bool BudgetLeft() =>
        executions < (config.Settings.Runs ?? long.MaxValue) && clock.Elapsed < config.Settings.Duration
        && !config.Cancellation.IsCancellationRequested;

    // Saved findings replay through the record too, and may be longer than MaxLength.
    private int RecordCapacity() =>
        SavedInputs.List(config.Paths.InputsFolder)
            .Select(n => (int)Math.Min(new FileInfo(Path.Combine(config.Paths.InputsFolder, n)).Length, int.MaxValue))
            .Append(config.Options.MaxLength)
            .Max();

    private void LoadSeeds()
    {
        var inputs = SavedInputs.List(config.Paths.InputsFolder)
            .Where(n => !FindingStore.IsFinding(n))
            .Select(n => File.ReadAllBytes(Path.Combine(config.Paths.InputsFolder, n)))
            .Concat(corpus.ReadExisting())
            .Append([]);
        foreach (var input in inputs)
        {
            if (!BudgetLeft())
            {
                break;
            }

            var data = input.Length > config.Options.MaxLength ? input[..config.Options.MaxLength] : input;
            RunOne(data, data.Length);
        }

        if (corpus.Count == 0)
        {
            // Without coverage nothing is ever "new"; fuzzing still needs one entry to mutate.
            corpus.Add(new CorpusEntry([], [], 1));
            scheduler.Added(corpus);
        }

        if (CoverageRuntime.UsedLength == 0)
        {
            Say($"[fuzz] {config.Name}: warning: no coverage counters. The code under test is not instrumented, so fuzzing is blind. " +
                "FuzzTest instruments the test project's project references after build; add <FuzzInstrument Include=\"AssemblyName\" /> for other assemblies.");
        }

        LoadNewTokens();
        Say(string.Create(CultureInfo.InvariantCulture, $"[fuzz] {config.Name}: {corpus.Count} corpus entries from seeds, {feedback.CoveredCount} counters covered, {dictionary.Count} dictionary tokens"));
    }

    private void Fuzz()
    {
        var input = new InputBuffer(config.Options.MaxLength);
        nextStatus = StatusInterval;
        while (BudgetLeft())
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
                if (executions >= config.Settings.Runs)
                {
                    return;
                }

                // A coarse clock read is a few nanoseconds: cheap enough to look at the time after
                // every run, so slow targets still get status lines and end on time.
                if (Environment.TickCount64 >= nextCheckTick)
                {
                    nextCheckTick = Environment.TickCount64 + 100;
                    if (!BudgetLeft())
                    {
                        return;
                    }

                    Pulse();
                }
            }
        }
    }

    private void RunOne(byte[] data, int length)
    {
        var kind = executor.Run(data, length, out var exception);
        executions++;
        var counters = CoverageRuntime.Counters;
        if (counters.Length != countersSeen)
        {
            // A module registered during this run: its constants join the dictionary now, at
            // the same execution in every replay of the session.
            countersSeen = counters.Length;
            LoadNewTokens();
        }

        if (kind == ExitKind.Ok && feedback.IsInteresting(counters))
        {
            Keep(data, length, counters);
        }

        counters.Clear();
        if (kind == ExitKind.Crash)
        {
            OnCrash(data.AsSpan(0, length).ToArray(), exception!);
        }
    }

    private void Keep(byte[] data, int length, Span<byte> counters)
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
        corpus.Add(new CorpusEntry(data.AsSpan(0, length).ToArray(), [.. covered], probesRun));
        scheduler.Added(corpus);
    }

    private ReadOnlyMemory<byte>? PickPartner(IFuzzRandom r) =>
        corpus.Count == 0 ? null : corpus[r.Below(corpus.Count)].Data;

    private void Pulse()
    {
        if (clock.Elapsed < nextStatus)
        {
            return;
        }

        nextStatus = clock.Elapsed + StatusInterval;
        var elapsed = clock.Elapsed;
        Say(string.Create(
            CultureInfo.InvariantCulture,
            $"[fuzz] {config.Name} {elapsed:m\\:ss}  execs {executions:N0} ({executions / elapsed.TotalSeconds:N0}/s)  corpus {corpus.Count}  coverage {feedback.CoveredCount}/{CoverageRuntime.UsedLength}  crashes {newFindings.Count}"));
    }

    private void LoadNewTokens()
    {
        var modules = CoverageRuntime.RegisteredModules;
        for (; modulesWithTokens < modules.Count; modulesWithTokens++)
        {
            foreach (var token in DictionaryResource.Read(modules[modulesWithTokens].Assembly))
            {
                dictionary.Add(token);
            }
        }
    }

    private void Say(string line) => config.Status.WriteLine(line);
}
