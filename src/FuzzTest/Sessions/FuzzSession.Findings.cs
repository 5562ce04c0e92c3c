using System.Globalization;
using FuzzTest.Executors;
using FuzzTest.Findings;
using FuzzTest.Inputs;
using FuzzTest.Runtime;

namespace FuzzTest.Sessions;

/// <summary>What a session does with failures: deduplicate, minimize, save, report.</summary>
internal sealed partial class FuzzSession
{
    private void OnCrash(byte[] input, Exception exception)
    {
        var signature = CrashSignature.Of(exception);
        if (!signatures.TryAdd(signature, null) || IsKnownBugUnderNewStack(signature))
        {
            return;
        }

        var foundAfter = clock.Elapsed;
        var foundAt = executions;
        var minimized = Minimizer.Minimize(input, candidate => CrashesWith(candidate, signature));
        var described = exception;
        if (minimized.Length != input.Length)
        {
            executor.Run(minimized, minimized.Length, out var again);
            described = again ?? exception;
            CoverageRuntime.Counters.Clear();
        }

        var path = findings.Save(FindingKind.Crash, minimized);
        var finding = new Finding(FindingKind.Crash, minimized, signature, described.ToString(), path, input.Length, foundAfter, foundAt);
        signatures[signature] = finding;
        knownInputs.Add(minimized);
        newFindings.Add(finding);
        Say(string.Create(
            CultureInfo.InvariantCulture,
            $"[fuzz] {config.Name}: CRASH {described.GetType().Name}: {described.Message} — saved {Path.GetFileName(path)} ({minimized.Length} bytes, from {input.Length}) after {executions:N0} execs, {clock.Elapsed:m\\:ss}"));
    }

    /// <summary>
    /// The JIT inlines methods once they are hot, and inlined frames vanish from stack traces, so
    /// a bug found early can show a different stack later. Before calling a signature new, rerun
    /// the inputs of the bugs already known: if one now fails with this signature, it is that bug.
    /// </summary>
    private bool IsKnownBugUnderNewStack(string signature)
    {
        foreach (var known in knownInputs)
        {
            if (CrashesWith(known, signature))
            {
                return true;
            }
        }

        return false;
    }

    private bool CrashesWith(byte[] candidate, string signature)
    {
        var kind = executor.Run(candidate, candidate.Length, out var exception);
        executions++;
        CoverageRuntime.Counters.Clear();
        return kind == ExitKind.Crash && CrashSignature.Of(exception!) == signature;
    }

    /// <summary>
    /// Replays crash files saved earlier: the ones that still fail are reported again and their
    /// signatures are known, so only new bugs count as new. Timeout files are not run in-process
    /// (a hang cannot be stopped here); they stay as regression tests.
    /// </summary>
    private void ReplaySavedFindings()
    {
        foreach (var name in SavedInputs.List(config.Paths.InputsFolder).Where(FindingStore.IsFinding))
        {
            if (name.StartsWith(FindingStore.Prefix(FindingKind.Timeout), StringComparison.Ordinal))
            {
                continue;
            }

            var input = File.ReadAllBytes(Path.Combine(config.Paths.InputsFolder, name));
            var kind = executor.Run(input, input.Length, out var exception);
            executions++;
            CoverageRuntime.Counters.Clear();
            if (kind == ExitKind.Crash)
            {
                signatures.TryAdd(CrashSignature.Of(exception!), null);
                knownInputs.Add(input);
                stillFailing.Add($"{name}: {exception!.GetType().FullName}: {exception.Message}");
            }
        }

        if (stillFailing.Count > 0)
        {
            Say($"[fuzz] {config.Name}: {stillFailing.Count} saved finding(s) still fail; fuzzing looks for new ones");
        }
    }

    /// <summary>
    /// An input recorded as running by a process that no longer exists ended that process
    /// (stack overflow, FailFast, access violation, kill): it is a finding of its own.
    /// </summary>
    private void RecoverLostRuns()
    {
        foreach (var (input, pid) in InFlightInput.RecoverLost(config.Paths.InFlightFolder))
        {
            var path = findings.Save(FindingKind.Crash, input);
            var description = $"A previous fuzz session (process {pid}) died while running this input: " +
                "a stack overflow, Environment.FailFast, an access violation or an external kill ends the process, " +
                "and the in-process executor cannot survive it. The input was recovered from its in-flight record.";
            newFindings.Add(new Finding(FindingKind.Crash, input, CrashSignature.OfProcessDeath(path), description, path, input.Length, clock.Elapsed, executions));
            Say($"[fuzz] {config.Name}: recovered the input that ended process {pid}; saved {Path.GetFileName(path)}");
        }
    }

    private void OnTimeout(byte[] input)
    {
        var path = findings.Save(FindingKind.Timeout, input);
        var message =
            $"FuzzTest: {config.Name} ran longer than the {config.Options.Timeout.TotalSeconds:0.###}s timeout on an input, saved as {path}. " +
            $".NET cannot stop a running method, so the test process ends now. Replay: {config.ReplayCommand(Path.GetFileName(path))}";
        Say(message);
        Console.Error.WriteLine(message);
        Environment.FailFast(message);
    }
}
