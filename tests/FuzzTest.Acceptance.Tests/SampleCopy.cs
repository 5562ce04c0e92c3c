namespace FuzzTest.Acceptance.Tests;

/// <summary>
/// A private copy of a sample (TinyJson, or the native program's) and everything it builds from, in a temp folder, so
/// that a test can fuzz, add crash files and edit sources without touching the repository (where
/// a developer may have just fuzzed the sample) or another test's copy.
/// </summary>
public sealed class SampleCopy : IDisposable
{
    private static readonly string[] RootFiles =
        ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", ".editorconfig"];

    private static readonly string[] Shared = ["src", "adapters"];

    // Build output (the native programs too) and FuzzTest's working state are regenerated; TestResults holds old reports.
    private static readonly string[] SkippedFolders = ["bin", "obj", ".fuzz", "TestResults", "native"];

    private int reports;

    private SampleCopy(string root, string testProject)
    {
        Root = root;
        TestProject = testProject;
    }

    /// <summary>The test project, relative to the copy's root.</summary>
    public string TestProject { get; }

    /// <summary>Receives one line per child process (a test's output helper), to show where the time goes.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>The copy's root, standing in for the repository root.</summary>
    public string Root { get; }

    /// <summary>The test project folder in the copy.</summary>
    public string TestProjectFolder => Path.Combine(Root, TestProject);

    /// <summary>The saved inputs of TinyJsonFuzz.Parse: the seeds, and the findings once fuzzed.</summary>
    public string ParseInputs => InputsOf("TinyJsonFuzz", "Parse");

    /// <summary>FuzzTest's generated working folder for the test project.</summary>
    public string WorkFolder => Path.Combine(TestProjectFolder, ".fuzz");

    /// <summary>Copies the TinyJson sample from the repository into a new temp folder.</summary>
    /// <param name="label">Names the folder, to tell copies apart when one is left behind.</param>
    public static SampleCopy Create(string label) => Create(label, "samples/TinyJson", "samples/TinyJson.Tests");

    /// <summary>Copies the native sample (the C program and the tests that fuzz it) into a new temp folder.</summary>
    /// <param name="label">Names the folder, to tell copies apart when one is left behind.</param>
    public static SampleCopy CreateNative(string label) => Create(label, "samples/NativeTarget", "samples/NativeTarget.Tests");

    private static SampleCopy Create(string label, string codeUnderTest, string testProject)
    {
        var root = Path.Combine(Path.GetTempPath(), "fuzztest-acceptance", $"{label}-{Guid.NewGuid():N}"[..(label.Length + 9)]);
        Directory.CreateDirectory(root);
        foreach (var file in RootFiles)
        {
            File.Copy(Path.Combine(RepositoryRoot.Path, file), Path.Combine(root, file));
        }

        foreach (var folder in Shared.Append(codeUnderTest).Append(testProject))
        {
            CopyFolder(Path.Combine(RepositoryRoot.Path, folder), Path.Combine(root, folder), insideInputs: false);
        }

        return new SampleCopy(root, testProject);
    }

    /// <summary>The saved-inputs folder of <paramref name="className"/>.<paramref name="methodName"/>.</summary>
    public string InputsOf(string className, string methodName) =>
        Path.Combine(TestProjectFolder, "FuzzInputs", className, methodName);

    /// <summary>The names of the files in <see cref="ParseInputs"/> that start with <paramref name="prefix"/>, sorted.</summary>
    public IReadOnlyList<string> ParseInputNames(string prefix) =>
        [.. Directory.EnumerateFiles(ParseInputs, prefix + "*").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    /// <summary>Writes <paramref name="text"/> to <paramref name="relativePath"/> under the test project.</summary>
    public void WriteTestFile(string relativePath, string text)
    {
        var path = Path.Combine(TestProjectFolder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>
    /// Makes the copy a git repository with one commit, as a CI checkout is. A deterministic
    /// build (ContinuousIntegrationBuild) maps source paths to /_/ only under a repository root
    /// that SourceLink finds; without one it silently keeps the real paths.
    /// </summary>
    public void CommitToGit()
    {
        string[][] commands =
        [
            ["init", "--quiet"],
            ["add", "--all"],
            ["-c", "user.name=FuzzTest acceptance", "-c", "user.email=acceptance@example.invalid", "-c", "commit.gpgsign=false", "commit", "--quiet", "-m", "Sample copy"],
        ];
        foreach (var arguments in commands)
        {
            var result = Logged(ChildProcess.Run("git", Root, arguments));
            Assert.True(result.ExitCode == 0, "git failed in the sample copy.\n" + result.Describe());
        }
    }

    /// <summary>Builds the test project; fails the test with the build output if the build fails.</summary>
    public ProcessResult Build(params string[] properties)
    {
        var result = Dotnet(["build", TestProject, .. properties]);
        Assert.True(result.ExitCode == 0, "The sample copy failed to build.\n" + result.Describe());
        return result;
    }

    /// <summary>Runs <c>dotnet test --no-build</c> on the built copy, from its root.</summary>
    public ProcessResult Test(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? variables = null) =>
        Dotnet(["test", TestProject, "--no-build", .. arguments], variables);

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> from the copy's root, as a user in a shell there would.</summary>
    public ProcessResult Dotnet(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? variables = null) =>
        Logged(ChildProcess.Dotnet(Root, arguments, variables));

    /// <summary>Runs <c>dotnet test --no-build</c> with a TRX report, and reads each test's result from it.</summary>
    public (ProcessResult Run, IReadOnlyList<TrxResult> Results) TestWithResults(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? variables = null)
    {
        var folder = Path.Combine(Root, "TestResults");
        var name = $"run-{Interlocked.Increment(ref reports)}.trx";
        var run = Test([.. arguments, "--results-directory", folder, "--logger", $"trx;LogFileName={name}"], variables);
        var report = Path.Combine(folder, name);
        Assert.True(File.Exists(report), $"dotnet test wrote no report {report}.\n" + run.Describe());
        return (run, TrxResult.Load(report));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process killed on timeout may still hold a file for a moment; the temp folder is
            // cleaned by the system later, and the test has already reported the real problem.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private ProcessResult Logged(ProcessResult result)
    {
        Log?.Invoke(result.Summary);
        return result;
    }

    private static void CopyFolder(string source, string target, bool insideInputs)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var name = Path.GetFileName(file);

            // Findings a developer saved by fuzzing the real sample are not committed seeds.
            if (insideInputs && (name.StartsWith("crash-", StringComparison.Ordinal) || name.StartsWith("timeout-", StringComparison.Ordinal)))
            {
                continue;
            }

            File.Copy(file, Path.Combine(target, name));
        }

        foreach (var folder in Directory.EnumerateDirectories(source))
        {
            var name = Path.GetFileName(folder);
            if (!SkippedFolders.Contains(name, StringComparer.Ordinal))
            {
                CopyFolder(folder, Path.Combine(target, name), insideInputs || name == "FuzzInputs");
            }
        }
    }
}
