using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using FuzzTest.Corpus;
using FuzzTest.Executors;
using FuzzTest.Findings;
using FuzzTest.Forkserver;
using FuzzTest.Inputs;
using FuzzTest.Lanes;
using FuzzTest.Mutators;
using FuzzTest.Workers;

namespace FuzzTest.Sessions;

/// <summary>
/// One coverage-guided fuzz session of one method: seed from the saved inputs and the working
/// corpus, let the backend (in process, or isolated worker processes) run the loop until the
/// time or execution budget is spent, and deduplicate, minimize, save and report failures.
/// </summary>
internal sealed partial class FuzzSession : ISessionEvents
{
    /// <summary>How often a status line is printed.</summary>
    public static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(3);

    // Coverage counters are process-wide, so two sessions at once would read each other's runs.
    private static readonly object OneAtATime = new();

    private readonly SessionConfig config;
    private readonly ulong seed;
    private readonly OnDiskCorpus corpus;
    private readonly FindingStore findings;
    private readonly HashSet<string> signatures = [];
    private readonly List<Finding> newFindings = [];
    private readonly List<byte[]> knownInputs = [];
    private readonly List<string> stillFailing = [];
    private readonly Stopwatch clock = new();
    private IFuzzBackend backend = new NullFuzzBackend();
    private TimeSpan nextStatus;

    /// <summary>Prepares a session; nothing runs until <see cref="Run"/>.</summary>
    public FuzzSession(SessionConfig config)
    {
        this.config = config;
        seed = config.Settings.Seed ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        corpus = new OnDiskCorpus(config.Paths.CorpusFolder);
        findings = new FindingStore(config.Paths.InputsFolder);
    }

    private long Executions => backend.Status.Executions;

    /// <summary>Runs the session to the end of its budget and reports what it found.</summary>
    public SessionReport Run()
    {
        lock (OneAtATime)
        {
            config.Paths.EnsureWorkFolder();
            clock.Start();
            RecoverLostRuns();
            using (backend = CreateBackend())
            {
                Say($"[fuzz] {config.Name}: fuzzing for {Budget()} {backend.Name}, inputs up to {config.Options.MaxLength} bytes, seed {seed} (replay with {FuzzSettings.SeedVariable}={seed})");
                ReplaySavedFindings();
                nextStatus = StatusInterval;
                backend.Fuzz(new FuzzPlan(Seeds(), config.Settings.Runs ?? long.MaxValue, seed, signatures, config.Options.MaxLength) { Tokens = DictionaryTokens() }, this);
                var status = backend.Status;
                var report = new SessionReport
                {
                    Name = config.Name,
                    Seed = seed,
                    Executions = status.Executions,
                    Elapsed = clock.Elapsed,
                    CorpusCount = Math.Max(status.Corpus, corpus.Count),
                    Covered = status.Covered,
                    NewFindings = newFindings,
                    StillFailing = stillFailing,
                };
                if (status.Workers.Count > 0)
                {
                    Say($"[fuzz] {config.Name} {PerWorker(status).TrimStart()}");
                }

                Say(report.Summary());
                return report;
            }
        }
    }

    // Without a worker description (a target outside any test framework), only in-process is possible.
    // In-process fuzzing is one loop: coverage counters are process-wide.
    private IFuzzBackend CreateBackend()
    {
        if (config.Program is { } program)
        {
            return NativeBackend(ForkserverOptions.For(program, config.Paths.SourceDirectory, config.Options.Timeout, config.Name));
        }

        var workers = config.Settings.Workers;
        return config.Settings.ExecutorFor(config.Options.Executor) == FuzzExecutor.Isolated && config.Worker is { } target
            ? workers > 1 || config.Settings.Share.IsSet
                ? new ParallelBackend(
                    workers,
                    workers == 1 ? "1 isolated worker process" : $"{workers} isolated worker processes",
                    config.Settings.Share,
                    (port, say) => new WorkerBackend(target, RecordCapacity(), config.Options.Timeout, say) { Broker = port },
                    Say)
                : new WorkerBackend(target, RecordCapacity(), config.Options.Timeout, Say)
            : new InProcessBackend(config.Invoke, config.Paths.InFlightFolder, RecordCapacity(), config.Options.MaxLength, config.Options.Timeout, OnInProcessTimeout);
    }

    // A native program runs in its forkserver's children whatever the executor setting says:
    // nothing it does can reach this process.
    private IFuzzBackend NativeBackend(ForkserverOptions options)
    {
        if (config.Options.MaxLength > AflProtocol.MaxInput)
        {
            throw new InvalidOperationException(
                $"[Fuzz(MaxLength = {config.Options.MaxLength})] on {config.Name} is more than an AFL++ program reads: use at most {AflProtocol.MaxInput} bytes (AFL's 1 MiB).");
        }

        // What the lanes share is tagged with the method's full name, as isolated workers' is, so
        // sessions of same-named classes on one broker never mix.
        var topic = config.Worker is { } worker ? $"{worker.TypeName}.{worker.MethodName}" : config.Name;
        var workers = config.Settings.Workers;
        return workers > 1 || config.Settings.Share.IsSet
            ? new ParallelBackend(
                workers,
                $"{workers} forkserver{(workers == 1 ? "" : "s")} of {Path.GetFileName(options.Target)}",
                config.Settings.Share,
                (port, say) => new ForkserverBackend(options, topic, config.Options.MaxLength, say) { Broker = port },
                Say)
            : new ForkserverBackend(options, topic, config.Options.MaxLength, Say);
    }

    // The attribute's dictionary file, read once per session; a bad file fails the session
    // before anything runs, naming the method, the file and the line.
    private IReadOnlyList<byte[]> DictionaryTokens()
    {
        if (config.Options.Dictionary is not { } dictionary)
        {
            return [];
        }

        try
        {
            return DictionaryFile.Read(Path.GetFullPath(dictionary, config.Paths.SourceDirectory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new InvalidOperationException(
                $"[Fuzz(Dictionary = \"{dictionary}\")] on {config.Name} cannot be read (a relative path is taken from {config.Paths.SourceDirectory}): {e.Message}", e);
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
        Executions < (config.Settings.Runs ?? long.MaxValue) && clock.Elapsed < config.Settings.Duration
        && !config.Cancellation.IsCancellationRequested;

    // Saved findings replay through the record too, and may be longer than MaxLength.
    private int RecordCapacity() =>
        SavedInputs.List(config.Paths.InputsFolder)
            .Select(n => (int)Math.Min(new FileInfo(Path.Combine(config.Paths.InputsFolder, n)).Length, int.MaxValue))
            .Append(config.Options.MaxLength)
            .Max();

    private List<byte[]> Seeds() =>
        [
            .. SavedInputs.List(config.Paths.InputsFolder)
                .Where(n => !FindingStore.IsFinding(n))
                .Select(n => File.ReadAllBytes(Path.Combine(config.Paths.InputsFolder, n))),
            .. corpus.ReadExisting(),
            [],
        ];

    /// <inheritdoc />
    public void SeedsDone(LoopStatus status)
    {
        if (status.Counters == 0)
        {
            Say($"[fuzz] {config.Name}: warning: no coverage counters. The code under test is not instrumented, so fuzzing is blind. " +
                "FuzzTest instruments the test project's project references after build; add <FuzzInstrument Include=\"AssemblyName\" /> for other assemblies.");
        }

        Say(string.Create(CultureInfo.InvariantCulture, $"[fuzz] {config.Name}: {status.Corpus} corpus entries from seeds, {status.Covered} counters covered, {status.Dictionary} dictionary tokens"));
    }

    /// <inheritdoc />
    public void Kept(CorpusEntry entry) => corpus.Add(entry);

    /// <inheritdoc />
    public bool Tick()
    {
        Pulse();
        return BudgetLeft();
    }

    private void Pulse()
    {
        if (clock.Elapsed < nextStatus)
        {
            return;
        }

        nextStatus = clock.Elapsed + StatusInterval;
        var elapsed = clock.Elapsed;
        var status = backend.Status;
        Say(string.Create(
            CultureInfo.InvariantCulture,
            $"[fuzz] {config.Name} {elapsed:m\\:ss}  execs {status.Executions:N0} ({status.Executions / elapsed.TotalSeconds:N0}/s)  corpus {status.Corpus}  coverage {status.Covered}/{status.Counters}  crashes {newFindings.Count}{PerWorker(status)}"));
    }

    // With several workers, each one's speed and view, so a stalled or starved worker shows.
    private static string PerWorker(LoopStatus status)
    {
        if (status.Workers.Count == 0)
        {
            return "";
        }

        var each = status.Workers.Select(w => string.Create(
            CultureInfo.InvariantCulture,
            $"#{w.Client} {w.ExecsPerSecond:N0}/s corpus {w.Stats.Corpus} (imported {w.Stats.Imported}) cov {w.Stats.Covered} found {w.Stats.Findings}"));
        return $"  workers: {string.Join(", ", each)}";
    }

    private void Say(string line) => config.Status.WriteLine(line);
}
