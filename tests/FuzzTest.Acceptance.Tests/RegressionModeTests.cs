using Xunit.Abstractions;

namespace FuzzTest.Acceptance.Tests;

/// <summary>
/// A plain <c>dotnet test</c>: every saved input is its own test case, a method without inputs
/// runs once on the empty input, and a method FuzzTest cannot call is one failed case that says why.
/// </summary>
public sealed class RegressionModeTests : IClassFixture<ExtraFuzzSampleFixture>
{
    private const string Parse = "TinyJson.Tests.TinyJsonFuzz.Parse";

    /// <summary>Shares the built copy; xUnit runs the tests of one class one after another, so the log goes to the running test.</summary>
    public RegressionModeTests(ExtraFuzzSampleFixture fixture, ITestOutputHelper output)
    {
        Copy = fixture.Copy;
        Copy.Log = output.WriteLine;
    }

    private SampleCopy Copy { get; }

    [Fact]
    public void ListingShowsOneCasePerSeedFile()
    {
        var seeds = Copy.ParseInputNames("");
        Assert.NotEmpty(seeds);
        Assert.All(seeds, s => Assert.StartsWith("seed-", s, StringComparison.Ordinal));

        var run = Copy.Test(["--list-tests"]);

        Assert.True(run.ExitCode == 0, run.Describe());
        var listed = ListedTests(run);
        Assert.Equal(seeds.Select(s => $"{Parse} [{s}]"), listed.Where(t => t.StartsWith(Parse + " ", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(listed, t => t.EndsWith("[fuzz]", StringComparison.Ordinal));
    }

    [Fact]
    public void FuzzModeListsOneSessionPerFuzzMethodInsteadOfTheInputs()
    {
        var run = Copy.Test(["--list-tests"], new Dictionary<string, string> { ["FUZZTEST_FUZZ"] = "1" });

        Assert.True(run.ExitCode == 0, run.Describe());
        var listed = ListedTests(run);
        Assert.Contains($"{Parse} [fuzz]", listed);
        Assert.Contains("TinyJson.Tests.EmptyInputFuzz.Empty [fuzz]", listed);
        Assert.DoesNotContain(listed, t => t.Contains("[seed-", StringComparison.Ordinal));
    }

    [Fact]
    public void ABadSignatureIsOneFailedCaseNamingTheMethodTheProblemAndTheSupportedSignatures()
    {
        var (run, results) = Copy.TestWithResults(["--filter", "FullyQualifiedName~BadSignatureFuzz"]);

        Assert.True(run.ExitCode != 0, run.Describe());
        var bad = Assert.Single(results);
        Assert.True(bad.Failed, run.Describe());
        Assert.Contains("Bad", bad.DisplayName, StringComparison.Ordinal);
        Assert.Contains("Bad(int x)", bad.Message, StringComparison.Ordinal);
        Assert.Contains("parameter 'x' has type int", bad.Message, StringComparison.Ordinal);
        foreach (var supported in new[] { "byte[]", "ReadOnlySpan<byte>", "ReadOnlyMemory<byte>", "Stream", "string" })
        {
            Assert.Contains(supported, bad.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AMethodWithoutSavedInputsRunsOnceOnTheEmptyInput()
    {
        var (run, results) = Copy.TestWithResults(["--filter", "FullyQualifiedName~EmptyInputFuzz"]);

        var all = TrxResult.Describe(results) + "\n\n" + run.Describe();
        Assert.Equal(2, results.Count);
        var empty = Assert.Single(results, r => r.DisplayName == "TinyJson.Tests.EmptyInputFuzz.Empty [empty input]");
        Assert.True(empty.Passed, all);
        var throws = Assert.Single(results, r => r.DisplayName == "TinyJson.Tests.EmptyInputFuzz.ThrowsOnEmpty [empty input]");
        Assert.True(throws.Failed, all);
        Assert.Contains("ThrowsOnEmpty was called with the empty input", throws.Message, StringComparison.Ordinal);
        Assert.True(run.ExitCode != 0, all);
        Assert.Contains("ThrowsOnEmpty [empty input]", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSeedsPassInAPlainRun()
    {
        var (run, results) = Copy.TestWithResults(["--filter", "FullyQualifiedName~TinyJsonFuzz"]);

        var seeds = Copy.ParseInputNames("seed-");
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(seeds.Select(s => $"{Parse} [{s}]"), results.Select(r => r.DisplayName).Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.True(r.Passed, TrxResult.Describe(results)));
    }

    private static List<string> ListedTests(ProcessResult run) =>
        [.. run.Output.Split('\n')
            .SkipWhile(l => !l.Contains("The following Tests are available:", StringComparison.Ordinal))
            .Skip(1)
            .Where(l => l.StartsWith("    ", StringComparison.Ordinal))
            .Select(l => l.Trim())];
}
