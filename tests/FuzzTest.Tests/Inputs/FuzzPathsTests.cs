using System.Reflection;
using System.Runtime.CompilerServices;
using FuzzTest.Inputs;

namespace FuzzTest.Tests.Inputs;

public class FuzzPathsTests
{
    private static readonly MethodInfo Method = typeof(FuzzPathsTests).GetMethod(nameof(ExistingSourcePath_PutsFuzzInputsBesideIt))!;

    [Fact]
    public void ExistingSourcePath_PutsFuzzInputsBesideIt()
    {
        var source = ThisFile();

        var paths = FuzzPaths.For(Method, source);

        Assert.Equal(Path.GetDirectoryName(source), paths.SourceDirectory);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(source)!, "FuzzInputs", nameof(FuzzPathsTests), Method.Name), paths.InputsFolder);
    }

    [Fact]
    public void DeterministicBuildPath_IsMappedBackThroughTheProjectFolder()
    {
        var real = ThisFile();
        var project = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(real)!, ".."));
        var mapped = "/_/tests/FuzzTest.Tests/Inputs/" + Path.GetFileName(real);

        var paths = FuzzPaths.For(Method, mapped);

        Assert.Equal(Path.GetDirectoryName(real), paths.SourceDirectory);
        Assert.Equal(project, paths.ProjectDirectory);
        Assert.Equal(Path.Combine(project, ".fuzz", "corpus", nameof(FuzzPathsTests), Method.Name), paths.CorpusFolder);
    }

    [Fact]
    public void UnknownSourcePath_FallsBackToTheProjectFolder()
    {
        var paths = FuzzPaths.For(Method, "/_/nowhere/Gone.cs");

        Assert.Equal(paths.ProjectDirectory, paths.SourceDirectory);
    }

    [Fact]
    public void EnsureWorkFolder_WritesAGitignoreThatIgnoresEverything()
    {
        var root = Path.Combine(Path.GetTempPath(), "fuzztest-paths-" + Guid.NewGuid().ToString("N"));
        try
        {
            var paths = FuzzPaths.At(root, root, "C", "M");

            paths.EnsureWorkFolder();

            Assert.Contains("*", File.ReadAllLines(Path.Combine(root, ".fuzz", ".gitignore")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
