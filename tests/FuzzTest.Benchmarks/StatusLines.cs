using FuzzTest.Sessions;

namespace FuzzTest.Benchmarks;

/// <summary>
/// Keeps the lines a session prints instead of showing them, so a scenario can check which
/// backend the session used (its opening line names it) without the status noise on stderr.
/// </summary>
internal sealed class StatusLines : IStatusSink
{
    private readonly List<string> lines = [];

    /// <summary>Every line so far, in order.</summary>
    public IReadOnlyList<string> Lines => lines;

    /// <summary>The session's opening line ("[fuzz] Class.Method: fuzzing for 10s in-process, …"), or null before it.</summary>
    public string? Opening => lines.FirstOrDefault(l => l.Contains(": fuzzing for ", StringComparison.Ordinal));

    /// <summary>
    /// True for the status line a session prints every few seconds ("[fuzz] Class.Method 0:03  execs …"),
    /// the one line a reader of the benchmark's notes does not need.
    /// </summary>
    public static bool IsPeriodic(string line) => line.Contains("  execs ", StringComparison.Ordinal);

    /// <inheritdoc />
    public void WriteLine(string line) => lines.Add(line);
}
