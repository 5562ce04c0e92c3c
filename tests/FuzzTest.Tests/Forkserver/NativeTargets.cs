using System.Diagnostics;

namespace FuzzTest.Tests.Forkserver;

/// <summary>
/// samples/NativeTarget built with afl-cc, once per test run, into a temporary folder: the plain
/// forkserver variant and the persistent one.
/// </summary>
internal static class NativeTargets
{
    private static readonly Lazy<string> Folder = new(Build);
    private static readonly Lazy<string> Fake = new(BuildFake);

    /// <summary>True when afl-cc is on PATH.</summary>
    public static bool CompilerAvailable =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "afl-cc")));

    /// <summary>The plain variant: input on stdin or as a file argument, one forked child per input.</summary>
    public static string Plain => Path.Combine(Folder.Value, "native-target");

    /// <summary>The persistent variant: deferred start, __AFL_LOOP, shared-memory test cases.</summary>
    public static string Persistent => Path.Combine(Folder.Value, "native-target-persistent");

    /// <summary>FakeForkserver.c built with cc: a target speaking the 4.20c+ handshake, which afl++ 4.04c cannot build.</summary>
    public static string VersionedFake => Fake.Value;

    private static string Build()
    {
        var output = Directory.CreateTempSubdirectory("fuzztest-native-").FullName;
        Execute("bash", Path.Combine(RepoRoot(), "samples", "NativeTarget", "build.sh"), output);
        return output;
    }

    private static string BuildFake()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("fuzztest-fake-").FullName, "fake-forkserver");
        Execute("cc", "-O1", "-o", output, Path.Combine(RepoRoot(), "tests", "FuzzTest.Tests", "Forkserver", "FakeForkserver.c"));
        return output;
    }

    private static void Execute(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var build = Process.Start(start)!;
        var stderr = build.StandardError.ReadToEndAsync();
        build.StandardOutput.ReadToEnd();
        build.WaitForExit();
        if (build.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({build.ExitCode}): {stderr.Result}");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "samples", "NativeTarget", "build.sh"))) return dir.FullName;
        throw new InvalidOperationException("samples/NativeTarget not found above " + AppContext.BaseDirectory);
    }
}
