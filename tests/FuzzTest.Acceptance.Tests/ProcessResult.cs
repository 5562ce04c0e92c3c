namespace FuzzTest.Acceptance.Tests;

/// <summary>How a child process ended, with its stdout and stderr interleaved as they arrived.</summary>
/// <param name="Command">The command line, for assertion messages.</param>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Everything the process printed.</param>
/// <param name="Elapsed">Wall time of the process, to see where a slow run spends it.</param>
public sealed record ProcessResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>One line for the test's output: the command, how it ended and how long it took.</summary>
    public string Summary => $"$ {Command}  → exit code {ExitCode} in {Elapsed.TotalSeconds:N1} s";

    /// <summary>A text to attach to assertions, so that a failure shows what the child said.</summary>
    public string Describe() => $"{Summary}\n{Output}";
}
