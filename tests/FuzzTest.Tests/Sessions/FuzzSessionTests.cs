using FuzzTest.Findings;
using FuzzTest.Inputs;
using FuzzTest.Sessions;
using FuzzTest.Storage;
using FuzzTest.Tests.TestDoubles;

namespace FuzzTest.Tests.Sessions;

public class FuzzSessionTests
{
    [Fact]
    public void ACrash_IsMinimizedSavedAndReported()
    {
        using var temp = new TempFolder();

        var report = Run(temp, CrashesOnX, runs: 20_000);

        var finding = Assert.Single(report.NewFindings);
        Assert.Equal(FindingKind.Crash, finding.Kind);
        Assert.Equal("X000"u8.ToArray(), finding.Input);
        Assert.Equal(Path.Combine(temp.Path, "FuzzInputs", "C", "M", "crash-" + AtomicFile.ContentHash("X000"u8)), finding.SavedPath);
        Assert.Equal("X000"u8.ToArray(), File.ReadAllBytes(finding.SavedPath!));
        Assert.Contains("InvalidDataException: X marks the spot", finding.Description);
        Assert.False(report.Passed);
        Assert.Equal(20_000, report.Executions);
    }

    [Fact]
    public void TheFailureMessage_NamesTheExceptionTheFileAndTheReplayCommand()
    {
        using var temp = new TempFolder();

        var report = Run(temp, CrashesOnX, runs: 20_000);
        var message = report.FailureMessage(file => $"replay {file}");

        var file = Path.GetFileName(report.NewFindings[0].SavedPath!);
        Assert.Contains("FuzzTest found 1 new failure(s) in C.M", message);
        Assert.Contains("System.IO.InvalidDataException: X marks the spot", message);
        Assert.Contains($"saved:  {report.NewFindings[0].SavedPath}", message);
        Assert.Contains($"replay: replay {file}", message);
        Assert.Contains("FUZZTEST_SEED=7", message);
    }

    [Fact]
    public void ASavedCrashThatStillFails_IsReportedAgain_ButNotSavedTwice()
    {
        using var temp = new TempFolder();
        Run(temp, CrashesOnX, runs: 20_000);

        var again = Run(temp, CrashesOnX, runs: 20_000);

        Assert.Empty(again.NewFindings);
        Assert.Contains(again.StillFailing, s => s.StartsWith("crash-", StringComparison.Ordinal) && s.Contains("X marks the spot"));
        Assert.Single(Directory.GetFiles(Path.Combine(temp.Path, "FuzzInputs", "C", "M")));
    }

    [Fact]
    public void TheSameSeed_ReplaysTheSameSession()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();

        // The dictionary holds the constants of every instrumented module registered so far; a
        // test of another class may register one between the two sessions. Register it first.
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(typeof(FuzzTest.TestTargets.ByteLadder).Module.ModuleHandle);

        var a = Run(first, CrashesOnX, runs: 20_000);
        var b = Run(second, CrashesOnX, runs: 20_000);

        Assert.Equal(a.NewFindings[0].FoundAtExecution, b.NewFindings[0].FoundAtExecution);
    }

    [Fact]
    public void ATargetThatNeverFails_Passes_AndLeavesNoFindings()
    {
        using var temp = new TempFolder();

        var report = Run(temp, (_, _) => { }, runs: 5_000);

        Assert.True(report.Passed);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "FuzzInputs")));
        Assert.True(File.Exists(Path.Combine(temp.Path, ".fuzz", ".gitignore")));
    }

    [Fact]
    public void AnInputLeftRunningByADeadProcess_IsRecoveredAsACrash()
    {
        using var temp = new TempFolder();
        var paths = FuzzPaths.At(temp.Path, temp.Path, "C", "M");
        var record = FuzzTest.Executors.InFlightInput.Create(paths.InFlightFolder, 16);
        record.Begin("deadly"u8.ToArray(), 6);

        var report = Run(temp, (_, _) => { }, runs: 100);
        record.Dispose();

        var finding = Assert.Single(report.NewFindings);
        Assert.Equal("deadly"u8.ToArray(), File.ReadAllBytes(finding.SavedPath!));
        Assert.Contains("died while running this input", finding.Description);
        Assert.Empty(Directory.GetFiles(paths.InFlightFolder));

        // The next session must not run it in-process again: it would end that session too.
        var ranIt = false;
        var next = Run(temp, (data, length) => ranIt |= data.AsSpan(0, length).SequenceEqual("deadly"u8), runs: 100);
        Assert.False(ranIt);
        Assert.Contains(next.StillFailing, s => s.Contains("ended the fuzzing process", StringComparison.Ordinal));
    }

    [Fact]
    public void ACrashLeftUnminimizedByAnEndedSession_IsSaved()
    {
        using var temp = new TempFolder();
        var paths = FuzzPaths.At(temp.Path, temp.Path, "C", "M");
        Directory.CreateDirectory(paths.PendingFolder);
        File.WriteAllBytes(Path.Combine(paths.PendingFolder, "crash-0011223344556677"), "half-done"u8.ToArray());

        var report = Run(temp, (_, _) => { }, runs: 100);

        var finding = Assert.Single(report.NewFindings);
        Assert.Equal("half-done"u8.ToArray(), File.ReadAllBytes(finding.SavedPath!));
        Assert.Empty(Directory.GetFiles(paths.PendingFolder));
    }

    [Fact]
    public void ABugWhoseStackChangesMidSession_IsReportedOnce()
    {
        using var temp = new TempFolder();
        var calls = 0;

        // Like a method the JIT inlines once it is hot: the same bug, thrown through another stack.
        var report = Run(temp, (data, length) =>
        {
            if (++calls < 2_000)
            {
                ThrowThroughHelper(data, length);
            }
            else
            {
                CrashesOnX(data, length);
            }
        }, runs: 20_000);

        Assert.Single(report.NewFindings);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ThrowThroughHelper(byte[] data, int length) => CrashesOnX(data, length);

    private static void CrashesOnX(byte[] data, int length)
    {
        if (length >= 4 && data[0] == 'X')
        {
            throw new InvalidDataException("X marks the spot");
        }
    }

    private static SessionReport Run(TempFolder temp, FuzzTest.Targets.InputInvoker target, long runs)
    {
        var settings = new FuzzSettings { Patterns = ["*"], Runs = runs, Seed = 7, Duration = TimeSpan.FromMinutes(5) };
        var config = new SessionConfig("C.M", target, FuzzPaths.At(temp.Path, temp.Path, "C", "M"), new FuzzOptions(), settings, new NullStatusSink(), f => f);
        return new FuzzSession(config).Run();
    }
}
