namespace FuzzTest.Benchmarks.LibFuzzer;

/// <summary>How a child process ended and what it printed.</summary>
/// <param name="ExitCode">Its exit code (-1 when it was killed for running too long).</param>
/// <param name="Output">Everything it wrote to stdout.</param>
/// <param name="Error">Everything it wrote to stderr.</param>
/// <param name="TimedOut">True when it was killed for running too long.</param>
internal sealed record ProcessResult(int ExitCode, string Output, string Error, bool TimedOut);
