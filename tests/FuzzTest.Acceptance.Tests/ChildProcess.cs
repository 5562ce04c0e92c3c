using System.Diagnostics;
using System.Text;

namespace FuzzTest.Acceptance.Tests;

/// <summary>
/// Runs <c>dotnet</c> (and git) as a user would from a shell, in a clean environment, and kills
/// it when it takes too long, so that a hung build or test run fails its test instead of hanging
/// the whole suite.
/// </summary>
public static class ChildProcess
{
    /// <summary>Generous: a cold build of the sample takes 30 s on a quiet two-core machine, two minutes on a busy one.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.
    /// The child gets no FUZZTEST_* variable except those in <paramref name="variables"/>.
    /// </summary>
    public static ProcessResult Dotnet(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? variables = null, TimeSpan? timeout = null) =>
        Run("dotnet", workingDirectory, arguments, variables, timeout);

    /// <summary>Runs <paramref name="program"/> (found on PATH) like <see cref="Dotnet"/>.</summary>
    public static ProcessResult Run(string program, string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? variables = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        variables ??= new Dictionary<string, string>();
        CleanEnvironment(start.Environment);
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        var command = string.Concat(variables.Select(v => $"{v.Key}={v.Value} ")) + program + " "
            + string.Join(' ', start.ArgumentList.Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Contains('"', StringComparison.Ordinal) ? $"'{a}'" : a));
        return Run(start, command, timeout ?? DefaultTimeout);
    }

    private static ProcessResult Run(ProcessStartInfo start, string command, TimeSpan timeout)
    {
        var output = new StringBuilder();
        using var outputClosed = new ManualResetEventSlim();
        using var errorClosed = new ManualResetEventSlim();
        using var process = new Process { StartInfo = start };
        var clock = Stopwatch.StartNew();
        process.OutputDataReceived += (_, e) => Append(output, e.Data, outputClosed);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data, errorClosed);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (!process.WaitForExit(timeout))
        {
            // The whole tree: "dotnet test" starts a test host, "dotnet build" starts compilers.
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(30));

            // A hang is a failure whatever the test expected of the exit code.
            string partial;
            lock (output)
            {
                partial = output.ToString();
            }

            Assert.Fail($"Killed after {timeout.TotalSeconds:N0} s: {command}\n{partial}");
        }

        // A grandchild that outlives the child (a build server) could hold the pipes open for
        // ever; the output that matters has arrived well before this bound.
        outputClosed.Wait(TimeSpan.FromSeconds(30));
        errorClosed.Wait(TimeSpan.FromSeconds(30));
        lock (output)
        {
            return new ProcessResult(command, process.ExitCode, output.ToString(), clock.Elapsed);
        }
    }

    private static void Append(StringBuilder output, string? line, ManualResetEventSlim closed)
    {
        if (line is null)
        {
            closed.Set();
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static void CleanEnvironment(IDictionary<string, string?> environment)
    {
        // The outer "dotnet test" may run with FuzzTest settings of its own (a user who just
        // fuzzed), and its test host carries the runner's variables; neither belongs to the child.
        foreach (var name in environment.Keys.ToList())
        {
            if (name.StartsWith("FUZZTEST_", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST_", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("TESTINGPLATFORM_", StringComparison.OrdinalIgnoreCase))
            {
                environment.Remove(name);
            }
        }

        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        // MSBuild worker nodes and the build server would otherwise stay alive after the build,
        // holding the output pipes and running on into the next test.
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
    }
}
