using System.Text;
using Xunit.Abstractions;

namespace FuzzTest.Acceptance.Tests;

/// <summary>
/// A CI build maps source paths to <c>/_/…</c>, so [CallerFilePath] names no real file; FuzzTest
/// must still find the FuzzInputs folder (through the project folder the build records) and run
/// every saved input, or CI would silently skip the regression tests.
/// </summary>
public sealed class DeterministicBuildTests(ITestOutputHelper output)
{
    private const string Parse = "TinyJson.Tests.TinyJsonFuzz.Parse";

    [Fact]
    public void SavedInputsAreFoundAndRunWhenSourcePathsAreMapped()
    {
        using var copy = SampleCopy.Create("deterministic");
        copy.Log = output.WriteLine;
        copy.CommitToGit();
        copy.Build("-p:ContinuousIntegrationBuild=true");

        // Without the mapping this test would prove nothing: check the attribute really got /_/.
        var assembly = File.ReadAllBytes(Path.Combine(copy.TestProjectFolder, "bin", "Debug", "net10.0", "TinyJson.Tests.dll"));
        var mapped = Encoding.UTF8.GetBytes("/_/samples/TinyJson.Tests/TinyJsonFuzz.cs");
        var real = Encoding.UTF8.GetBytes(Path.Combine(copy.TestProjectFolder, "TinyJsonFuzz.cs"));
        Assert.True(assembly.AsSpan().IndexOf(mapped) >= 0, "The build did not map the source path to /_/.");
        Assert.True(assembly.AsSpan().IndexOf(real) < 0, "The build kept the real source path.");

        // README bug 2: the input ends inside a \u escape.
        File.WriteAllBytes(Path.Combine(copy.ParseInputs, "crash-test"), "\"\\u"u8.ToArray());
        var seeds = copy.ParseInputNames("seed-");
        var (run, results) = copy.TestWithResults([]);

        var why = TrxResult.Describe(results) + "\n\n" + run.Describe();
        Assert.True(run.ExitCode != 0, why);
        var crash = Assert.Single(results, r => r.DisplayName == $"{Parse} [crash-test]");
        Assert.True(crash.Failed, why);
        Assert.Contains("IndexOutOfRangeException", crash.Message, StringComparison.Ordinal);
        Assert.Equal(seeds.Count + 1, results.Count);
        Assert.All(results.Where(r => r != crash), r => Assert.True(r.Passed, why));
    }
}
