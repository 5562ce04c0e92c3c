using System.Text;
using Xunit.Abstractions;

namespace FuzzTest.Acceptance.Tests;

/// <summary>
/// samples/NativeTarget.Tests as a user runs it: the C program is built by the test project's
/// build, its saved inputs are test cases, <c>FUZZTEST_FUZZ=1 dotnet test</c> finds the planted
/// bugs through the program's forkserver and saves them minimized beside the test, the saved
/// crash fails every later run, and fixing the C code makes it pass.
/// </summary>
public sealed class NativeWorkflowTests(ITestOutputHelper output)
{
    private const string Check = "NativeTarget.Tests.NativeTargetFuzz.Check";

    [NativeFact]
    public void TheNativeProgramIsFuzzedSavedReplayedAndFixedLikeAManagedTarget()
    {
        using var copy = SampleCopy.CreateNative("native");
        copy.Log = output.WriteLine;
        copy.Build();
        var inputs = copy.InputsOf("NativeTargetFuzz", "Check");

        // 1. Regression mode: each seed is its own passing case.
        var (run, results) = copy.TestWithResults([]);
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(
            ["seed-fun", "seed-hand", "seed-hello", "seed-sega"],
            results.Select(r => r.DisplayName.Replace($"{Check} [", "").TrimEnd(']')).Order(StringComparer.Ordinal));

        // 2. Fuzz mode, one lane so the session is the same every time.
        var fuzz = copy.Test([], new Dictionary<string, string>
        {
            ["FUZZTEST_FUZZ"] = "1",
            ["FUZZTEST_SEED"] = "3",
            ["FUZZTEST_RUNS"] = "100000",
            ["FUZZTEST_WORKERS"] = "1",
        });
        foreach (var line in fuzz.Output.Split('\n').Where(l => l.Contains("[fuzz]", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }

        Assert.True(fuzz.ExitCode != 0, "The fuzz session found nothing to fail on.\n" + fuzz.Describe());
        Assert.Contains("through the AFL++ forkserver of native-target-persistent (persistent mode, shared-memory input)", fuzz.Output, StringComparison.Ordinal);
        Assert.Contains("done: 100,000 execs", fuzz.Output, StringComparison.Ordinal);
        var crashes = Directory.GetFiles(inputs, "crash-*");
        Assert.NotEmpty(crashes);
        foreach (var crash in crashes)
        {
            // Minimized to the four bytes that trigger a planted crash.
            Assert.Contains(Encoding.ASCII.GetString(File.ReadAllBytes(crash)), new[] { "FUZZ", "SEGV" });
        }

        // 3. Every later plain run fails on each saved crash, naming the signal; the seeds still pass.
        (run, results) = copy.TestWithResults([]);
        Assert.True(run.ExitCode != 0, run.Describe());
        foreach (var crash in crashes)
        {
            var result = Assert.Single(results, r => r.DisplayName == $"{Check} [{Path.GetFileName(crash)}]");
            Assert.True(result.Failed, TrxResult.Describe(results));
            Assert.Matches("native-target-persistent killed by SIG(ABRT|SEGV)", result.Message);
            Assert.Contains("through its AFL++ forkserver", result.Message, StringComparison.Ordinal);
        }

        Assert.All(results.Where(r => r.DisplayName.Contains("[seed-", StringComparison.Ordinal)), r => Assert.True(r.Passed, TrxResult.Describe(results)));

        // 4. The native bugs fixed: the build rebuilds the program and every case passes.
        var source = Path.Combine(copy.Root, "samples", "NativeTarget", "target.c");
        File.WriteAllText(source, File.ReadAllText(source)
            .Replace("abort();", "return;", StringComparison.Ordinal)
            .Replace("*(volatile int *)0 = 1;", "return;", StringComparison.Ordinal)
            .Replace("for (;;) sink++;", "return;", StringComparison.Ordinal));
        copy.Build();
        (run, results) = copy.TestWithResults([]);
        Assert.True(run.ExitCode == 0, run.Describe() + "\n" + TrxResult.Describe(results));
        Assert.All(results, r => Assert.True(r.Passed, TrxResult.Describe(results)));
    }
}
