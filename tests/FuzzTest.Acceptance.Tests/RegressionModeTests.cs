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

    /// <summary>
    /// The isolated executor builds the test class in its worker as xUnit does (output helper,
    /// class fixture), and the crash it finds then fails its own case in a plain run, replayed in a
    /// worker. The files it saves are removed again: the other tests share this copy.
    /// </summary>
    [Fact]
    public void AnIsolatedSessionBuildsTheTestClassWithItsFixtureInTheWorker()
    {
        const string Greet = "TinyJson.Tests.FixtureFuzz.Greet";
        var inputs = Copy.InputsOf("FixtureFuzz", "Greet");
        try
        {
            var fuzz = Copy.Test([], new Dictionary<string, string>
            {
                ["FUZZTEST_FUZZ"] = "FixtureFuzz.Greet",
                ["FUZZTEST_SEED"] = "1",
                ["FUZZTEST_RUNS"] = "100000",
            });

            Assert.True(fuzz.ExitCode != 0, fuzz.Describe());
            Assert.Matches(@"in (\d+ )?isolated worker process", fuzz.Output);
            Assert.Matches(@"CRASH System\.InvalidOperationException: fixture built in process \d+", fuzz.Output);
            var crash = Assert.Single(Directory.GetFiles(inputs, "crash-*"));
            Assert.Equal((byte)'X', File.ReadAllBytes(crash)[0]);

            var (run, results) = Copy.TestWithResults(["--filter", "FullyQualifiedName~FixtureFuzz"]);

            // The [Fact] beside it shares the class's constructor arguments and still passes.
            var failed = Assert.Single(results, r => r.Failed);
            Assert.Equal($"{Greet} [{Path.GetFileName(crash)}]", failed.DisplayName);
            Assert.Contains(results, r => r.DisplayName == "TinyJson.Tests.FixtureFuzz.Plain" && r.Passed);
            Assert.Equal(2, results.Count);
            Assert.Contains("replayed in an isolated worker process", failed.Message, StringComparison.Ordinal);
            Assert.Contains("InvalidOperationException: fixture built in process", failed.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(inputs))
            {
                Directory.Delete(inputs, recursive: true);
            }
        }
    }

    private static List<string> ListedTests(ProcessResult run) =>
        [.. run.Output.Split('\n')
            .SkipWhile(l => !l.Contains("The following Tests are available:", StringComparison.Ordinal))
            .Skip(1)
            .Where(l => l.StartsWith("    ", StringComparison.Ordinal))
            .Select(l => l.Trim())];
}
