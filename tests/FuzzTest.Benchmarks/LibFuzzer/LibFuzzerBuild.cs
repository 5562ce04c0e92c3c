using System.Globalization;
using System.Text.RegularExpressions;

namespace FuzzTest.Benchmarks.LibFuzzer;

/// <summary>
/// Compiles magic.c into a libFuzzer binary with the first clang that can. Nothing is installed
/// from here: a missing compiler or runtime becomes an error that says what to install.
/// </summary>
internal static class LibFuzzerBuild
{
    /// <summary>Compilers tried, in order: the default clang, then Debian's versioned name.</summary>
    public static readonly IReadOnlyList<string> Compilers = ["clang", "clang-14"];

    private static readonly TimeSpan CompileTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Writes magic.c into <paramref name="folder"/> and compiles it there with
    /// <c>-fsanitize=fuzzer -O1</c>; returns the binary's path, or null and <paramref name="error"/>.
    /// </summary>
    public static string? Compile(string folder, out string? error)
    {
        var source = Path.Combine(folder, "magic.c");
        var binary = Path.Combine(folder, "magic");
        using (var resource = typeof(LibFuzzerBuild).Assembly.GetManifestResourceStream("magic.c")!)
        using (var file = File.Create(source))
        {
            resource.CopyTo(file);
        }

        error = null;
        foreach (var compiler in Compilers)
        {
            var version = ProcessRunner.Run(compiler, ["--version"], folder, CompileTimeout);
            if (version is null)
            {
                continue;
            }

            var build = ProcessRunner.Run(compiler, ["-fsanitize=fuzzer", "-O1", "-o", binary, source], folder, CompileTimeout)!;
            if (build.ExitCode == 0 && File.Exists(binary))
            {
                Console.Error.WriteLine($"[bench] libfuzzer: compiled magic.c with {compiler} ({FirstLine(version.Output)})");
                return binary;
            }

            // Keep the first compiler's reason: a later one may be missing for a less useful reason.
            error ??= Explain(compiler, version.Output, build.Error);
        }

        error ??= $"no clang found (tried {string.Join(", ", Compilers)}). Install clang and libFuzzer's runtime, " +
                  "e.g. on Debian/Ubuntu: apt-get install clang-14 libclang-rt-14-dev";
        return null;
    }

    private static string Explain(string compiler, string versionText, string buildErrors)
    {
        if (!buildErrors.Contains("libclang_rt.fuzzer", StringComparison.Ordinal))
        {
            return $"{compiler} -fsanitize=fuzzer -O1 failed: {FirstError(buildErrors)}";
        }

        // Debian and Ubuntu ship compiler-rt (libFuzzer's runtime) apart from clang: in
        // libclang-rt-N-dev from LLVM 14 on, in libclang-common-N-dev before.
        var match = Regex.Match(versionText, @"clang version (\d+)");
        var major = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 14;
        var package = major >= 14 ? $"libclang-rt-{major}-dev" : $"libclang-common-{major}-dev";
        return $"{compiler} is installed but libFuzzer's runtime (libclang_rt.fuzzer) is missing, so -fsanitize=fuzzer cannot link. " +
               $"Install it, e.g. on Debian/Ubuntu: apt-get install {package}";
    }

    // The line that names the problem, rather than the "In file included from" context above it.
    private static string FirstError(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? FirstLine(text);

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no output)";
}
