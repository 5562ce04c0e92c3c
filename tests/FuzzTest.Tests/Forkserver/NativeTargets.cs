using System.Diagnostics;

namespace FuzzTest.Tests.Forkserver;

/// <summary>
/// samples/NativeTarget built with afl-cc, once per test run, into a temporary folder: the plain
/// forkserver variant and the persistent one.
/// </summary>
internal static class NativeTargets
{
    private static readonly Lazy<string> Folder = new(Build);

    /// <summary>True when afl-cc is on PATH.</summary>
    public static bool CompilerAvailable =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "afl-cc")));

    /// <summary>The plain variant: input on stdin or as a file argument, one forked child per input.</summary>
    public static string Plain => Path.Combine(Folder.Value, "native-target");

    /// <summary>The persistent variant: deferred start, __AFL_LOOP, shared-memory test cases.</summary>
    public static string Persistent => Path.Combine(Folder.Value, "native-target-persistent");

    private static string Build()
    {
        var script = Path.Combine(RepoRoot(), "samples", "NativeTarget", "build.sh");
        var output = Directory.CreateTempSubdirectory("fuzztest-native-").FullName;
        var start = new ProcessStartInfo("bash", [script, output]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var build = Process.Start(start)!;
        var stderr = build.StandardError.ReadToEndAsync();
        build.StandardOutput.ReadToEnd();
        build.WaitForExit();
        if (build.ExitCode != 0) throw new InvalidOperationException($"{script} failed ({build.ExitCode}): {stderr.Result}");
        return output;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "samples", "NativeTarget", "build.sh"))) return dir.FullName;
        throw new InvalidOperationException("samples/NativeTarget not found above " + AppContext.BaseDirectory);
    }
}
