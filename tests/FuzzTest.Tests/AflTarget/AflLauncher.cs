using System.Diagnostics;

namespace FuzzTest.Tests.AflTarget;

/// <summary>The <c>fuzztest-afl</c> script the build wrote beside this test assembly, and ways to run AFL++'s tools on it.</summary>
internal static class AflLauncher
{
    /// <summary>Environment afl-fuzz and its tools need for a target that is a script, not an afl-cc binary.</summary>
    public static readonly IReadOnlyDictionary<string, string> ToolEnvironment = new Dictionary<string, string>
    {
        // The launcher is a shell script that starts dotnet: no AFL marker strings to find in it.
        ["AFL_SKIP_BIN_CHECK"] = "1",
        ["AFL_NO_UI"] = "1",
        ["AFL_SKIP_CPUFREQ"] = "1",
        ["AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES"] = "1",
        ["AFL_NO_AFFINITY"] = "1",
    };

    /// <summary>Full path of the launcher.</summary>
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "fuzztest-afl");

    /// <summary>Full path of AFL++'s <paramref name="tool"/> (afl-fuzz, afl-showmap…), or null when it is not installed.</summary>
    public static string? Tool(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs <paramref name="tool"/> with <paramref name="arguments"/>, stdin from <paramref name="stdin"/> if given; kills it after <paramref name="limit"/>.</summary>
    public static (int ExitCode, string Output) Run(string tool, IEnumerable<string> arguments, TimeSpan limit, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Tool(tool) ?? tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in ToolEnvironment.Concat(environment ?? new Dictionary<string, string>()))
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            using (var input = File.OpenRead(stdin))
            {
                input.CopyTo(process.StandardInput.BaseStream);
            }

            process.StandardInput.Close();
        }

        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        return (process.ExitCode, output.Result + error.Result);
    }
}
