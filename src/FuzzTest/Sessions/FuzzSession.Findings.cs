using System.Globalization;
using FuzzTest.Executors;
using FuzzTest.Findings;
using FuzzTest.Inputs;
using FuzzTest.Storage;

namespace FuzzTest.Sessions;

/// <summary>What a session does with failures: deduplicate, minimize, save, report.</summary>
internal sealed partial class FuzzSession
{
    /// <inheritdoc />
    public void Failed(byte[] input, RunOutcome outcome)
    {
        if (outcome.Kind == ExitKind.Timeout)
        {
            OnTimeout(input, outcome);
            return;
        }

        if (signatures.Contains(outcome.Signature))
        {
            return;
        }

        // The same input can fail under another name on another run: a stack overflow that
        // strikes inside the runtime's native code dies of SIGSEGV instead, and the JIT inlines
        // frames once code is hot. Run it again; a bug already known under the other name wins.
        // Only the name that is reported becomes known: a later, real failure under the
        // passing name must still count.
        if (backend.Run(input) is { Failed: true } rerun && rerun.Signature != outcome.Signature)
        {
            if (signatures.Contains(rerun.Signature))
            {
                return;
            }

            if (rerun.Kind == ExitKind.Timeout)
            {
                OnTimeout(input, rerun);
                return;
            }

            outcome = rerun;
        }

        if (!signatures.Add(outcome.Signature) || IsKnownBugUnderNewStack(outcome.Signature))
        {
            return;
        }

        var foundAfter = clock.Elapsed;
        var foundAt = Executions;

        // Kept until the minimized input is saved: a candidate that hangs or kills the process
        // during minimization must not take the crash with it.
        var pending = Path.Combine(config.Paths.PendingFolder, FindingStore.Prefix(FindingKind.Crash) + AtomicFile.ContentHash(input));
        AtomicFile.TryCreate(pending, input);

        var minimized = Minimizer.Minimize(input, candidate => CrashesWith(candidate, outcome.Signature), Minimizer.DefaultBudget, MinimizeDeadline());
        var described = outcome;
        if (!ReferenceEquals(minimized, input) && backend.Run(minimized) is { Failed: true } again)
        {
            described = again;
        }

        var path = findings.TrySave(FindingKind.Crash, minimized, out var error);
        MarkFatal(path, outcome);
        var description = error is null ? described.Description : $"{described.Description}{Environment.NewLine}(FuzzTest {error})";
        var finding = new Finding(FindingKind.Crash, minimized, outcome.Signature, description, path, input.Length, foundAfter, foundAt);
        File.Delete(pending);
        knownInputs.Add(minimized);
        newFindings.Add(finding);
        Say(string.Create(
            CultureInfo.InvariantCulture,
            $"[fuzz] {config.Name}: CRASH {described.Summary} — saved {Path.GetFileName(path) ?? "nowhere"} ({minimized.Length} bytes, from {input.Length}) after {foundAt:N0} execs, {foundAfter:m\\:ss}"));
    }

    // A hang is not minimized: every candidate that still hangs costs a whole timeout.
    private void OnTimeout(byte[] input, RunOutcome outcome)
    {
        if (!signatures.Add(outcome.Signature))
        {
            return;
        }

        var path = findings.TrySave(FindingKind.Timeout, input, out var error);
        MarkFatal(path, outcome);
        var description = error is null ? outcome.Description : $"{outcome.Description}{Environment.NewLine}(FuzzTest {error})";
        newFindings.Add(new Finding(FindingKind.Timeout, input, outcome.Signature, description, path, input.Length, clock.Elapsed, Executions));
        Say(string.Create(
            CultureInfo.InvariantCulture,
            $"[fuzz] {config.Name}: TIMEOUT {outcome.Summary} — saved {Path.GetFileName(path) ?? "nowhere"} ({input.Length} bytes) after {Executions:N0} execs, {clock.Elapsed:m\\:ss}"));
    }

    // An input that ended its worker would end the test host if a later session ran it in
    // process: mark it, as recovery does for an in-process death.
    private void MarkFatal(string? savedPath, RunOutcome outcome)
    {
        if (savedPath is not null && outcome.EndedProcess)
        {
            AtomicFile.TryCreate(Path.Combine(config.Paths.FatalFolder, Path.GetFileName(savedPath)), []);
        }
    }

    // Minimizing one crash may take a tenth of the session's time, at most 30 s, so a slow target still ends on time.
    private DateTime MinimizeDeadline()
    {
        var left = config.Settings.Duration == TimeSpan.MaxValue ? TimeSpan.FromSeconds(30) : config.Settings.Duration - clock.Elapsed;
        var share = TimeSpan.FromTicks(Math.Clamp(left.Ticks / 10, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromSeconds(30).Ticks));
        return DateTime.UtcNow + share;
    }

    /// <summary>
    /// The JIT inlines methods once they are hot, and inlined frames vanish from stack traces, so
    /// a bug found early can show a different stack later. Before calling a signature new, rerun
    /// the inputs of the bugs already known: if one now fails with this signature, it is that bug.
    /// </summary>
    private bool IsKnownBugUnderNewStack(string signature) => knownInputs.Any(known => CrashesWith(known, signature));

    private bool CrashesWith(byte[] candidate, string signature) =>
        backend.Run(candidate) is { Kind: ExitKind.Crash } outcome && outcome.Signature == signature;

    /// <summary>
    /// Replays crash files saved earlier: the ones that still fail are reported again and their
    /// signatures are known, so only new bugs count as new. Timeout files are not replayed (each
    /// would cost a whole timeout), nor, in process, inputs that once ended the process (that
    /// would end this session too); they stay as regression tests.
    /// </summary>
    private void ReplaySavedFindings()
    {
        // Inputs recovered from a dead session a moment ago are reported already.
        var recovered = newFindings.Select(f => Path.GetFileName(f.SavedPath)).ToHashSet();
        foreach (var name in SavedInputs.List(config.Paths.InputsFolder).Where(FindingStore.IsFinding).Where(n => !recovered.Contains(n)))
        {
            if (name.StartsWith(FindingStore.Prefix(FindingKind.Timeout), StringComparison.Ordinal))
            {
                continue;
            }

            if (!backend.SurvivesProcessDeath && File.Exists(Path.Combine(config.Paths.FatalFolder, name)))
            {
                stillFailing.Add($"{name}: ended the fuzzing process when it last ran; not replayed in-process");
                continue;
            }

            var input = File.ReadAllBytes(Path.Combine(config.Paths.InputsFolder, name));
            var outcome = backend.Run(input);
            if (outcome.Failed)
            {
                signatures.Add(outcome.Signature);
                knownInputs.Add(input);
                stillFailing.Add($"{name}: {outcome.Description}{Environment.NewLine}   replay: {config.ReplayCommand(name)}");
            }
        }

        if (stillFailing.Count > 0)
        {
            Say($"[fuzz] {config.Name}: {stillFailing.Count} saved finding(s) still fail; fuzzing looks for new ones");
        }
    }

    /// <summary>
    /// Inputs that an earlier session could not finish handling: one was running when the process
    /// died (stack overflow, FailFast, access violation, kill), or a crash was found but the
    /// session ended while minimizing it. Each is saved and reported; nothing is lost.
    /// </summary>
    private void RecoverLostRuns()
    {
        foreach (var lost in InFlightInput.RecoverLost(config.Paths.InFlightFolder))
        {
            var path = findings.TrySave(FindingKind.Crash, lost.Input, out var error);
            if (path is not null)
            {
                AtomicFile.TryCreate(Path.Combine(config.Paths.FatalFolder, Path.GetFileName(path)), []);
            }

            var description = $"A previous fuzz session (process {lost.Pid}) died while running this input: " +
                "a stack overflow, Environment.FailFast, an access violation or an external kill ends the process, " +
                "and the in-process executor cannot survive it. The input was recovered from its in-flight record." +
                (error is null ? "" : $" FuzzTest {error}.");
            newFindings.Add(new Finding(FindingKind.Crash, lost.Input, CrashSignature.OfProcessDeath(lost.RecordPath), description, path, lost.Input.Length, clock.Elapsed, 0));
            if (path is not null)
            {
                InFlightInput.Discard(lost);
            }

            Say($"[fuzz] {config.Name}: recovered the input that ended process {lost.Pid}; saved {Path.GetFileName(path) ?? "nowhere"}");
        }

        if (!Directory.Exists(config.Paths.PendingFolder))
        {
            return;
        }

        foreach (var pending in Directory.EnumerateFiles(config.Paths.PendingFolder).Where(p => !Path.GetFileName(p).StartsWith('.')))
        {
            var input = File.ReadAllBytes(pending);
            var path = findings.TrySave(FindingKind.Crash, input, out var error);
            newFindings.Add(new Finding(
                FindingKind.Crash, input, "pending: " + pending,
                "A previous fuzz session found this crash and ended while minimizing it; it is saved unminimized." + (error is null ? "" : $" FuzzTest {error}."),
                path, input.Length, clock.Elapsed, 0));
            if (path is not null)
            {
                File.Delete(pending);
            }

            Say($"[fuzz] {config.Name}: recovered a crash that a previous session had not finished minimizing; saved {Path.GetFileName(path) ?? "nowhere"}");
        }
    }

    private void OnInProcessTimeout(byte[] input)
    {
        var path = findings.TrySave(FindingKind.Timeout, input, out var error) ?? $"nowhere ({error}); input {Convert.ToHexStringLower(input)}";
        (backend as InProcessBackend)?.MarkTimedOut();
        var message =
            $"FuzzTest: {config.Name} ran longer than the {config.Options.Timeout.TotalSeconds:0.###}s timeout on an input, saved as {path}. " +
            $".NET cannot stop a running method, so the test process ends now; {newFindings.Count} other finding(s) of this session were saved before. " +
            $"Replay: {config.ReplayCommand(Path.GetFileName(path))}";
        Say(message);
        Console.Error.WriteLine(message);
        Environment.FailFast(message);
    }
}
