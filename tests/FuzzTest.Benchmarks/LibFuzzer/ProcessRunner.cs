using System.ComponentModel;
using System.Diagnostics;

namespace FuzzTest.Benchmarks.LibFuzzer;

/// <summary>Runs a program to completion and captures its output.</summary>
internal static class ProcessRunner
{
    /// <summary>
    /// Runs <paramref name="program"/> (looked up on PATH) in <paramref name="workingDirectory"/>;
    /// returns null when there is no such program. A run longer than <paramref name="timeout"/> is
    /// killed (with the children it started) rather than left to hang the benchmark.
    /// </summary>
    public static ProcessResult? Run(string program, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            return null;
        }

        using (process)
        {
            // Both streams are drained at once: a child blocked on a full stderr pipe would never exit.
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            var timedOut = !process.WaitForExit(timeout);
            if (timedOut)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            return new ProcessResult(timedOut ? -1 : process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult(), timedOut);
        }
    }
}
