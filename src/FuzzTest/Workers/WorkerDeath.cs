using System.Globalization;
using FuzzTest.Findings;

namespace FuzzTest.Workers;

/// <summary>
/// Why a worker process died, read from what the parent can still see: the exit code and the end
/// of the worker's stderr (where the runtime writes its last words, after any target output).
/// </summary>
/// <remarks>
/// This type decides between a signal, an exit code and a runtime report; reading the report is
/// left to <see cref="RuntimeReport"/>, <see cref="RuntimeReportClassifier"/> and
/// <see cref="StackOverflowReport"/>.
/// </remarks>
/// <param name="Kind">The class of death.</param>
/// <param name="ExitCode">The exit code as <see cref="System.Diagnostics.Process.ExitCode"/> reports it (128 + signal on Unix).</param>
/// <param name="Summary">One line for reports: "stack overflow in Ns.Type.Method", "exited with code 3".</param>
/// <param name="Signature">
/// Identifies the bug, so that the same bug killing many workers is one finding: the kind, the
/// exception type for an unhandled exception, and up to <see cref="CrashSignature.Frames"/>
/// innermost frames of the code under test, without argument lists, files or lines.
/// </param>
/// <param name="Details">The runtime's report from its first line (capped, keeping the start), or the last output when there is none.</param>
internal sealed record WorkerDeath(DeathKind Kind, int ExitCode, string Summary, string Signature, string Details)
{
    /// <summary>
    /// Characters of the runtime's report kept in <see cref="Details"/> (plus a line saying it was
    /// cut); the start of a stack trace says what happened.
    /// </summary>
    public const int DetailsCapacity = 8 * 1024;

    /// <summary>The signature of a SIGKILL: nothing tells one kill from another.</summary>
    public const string KilledSignature = "Killed";

    private const int SigAbrt = 6;
    private const int SigKill = 9;

    /// <summary>
    /// Classifies a worker's end from its exit code (as <see cref="System.Diagnostics.Process"/>
    /// reports it) and the tail of its stderr.
    /// </summary>
    public static WorkerDeath Classify(int exitCode, string stderrTail)
    {
        var lines = stderrTail.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (exitCode == 128 + SigKill)
        {
            return new(DeathKind.Killed, exitCode, "killed by SIGKILL", KilledSignature, LastOutput(lines));
        }

        // Only an abort can carry a runtime report: a target that prints "Stack overflow." and
        // then exits with a code of its own has not overflowed.
        if (IsRuntimeAbort(exitCode) && RuntimeReport.FindLast(lines) is { } report)
        {
            return RuntimeReportClassifier.Classify(exitCode, report);
        }

        if (exitCode > 128 && exitCode <= 128 + 64)
        {
            var signal = exitCode - 128;
            var name = SignalName(signal);
            var summary = name.Length > 0 ? $"killed by signal {signal} ({name})" : $"killed by signal {signal}";
            return new(DeathKind.Signal, exitCode, summary, $"Signal {signal}", LastOutput(lines));
        }

        var code = exitCode < 0 ? $"{exitCode} (0x{exitCode:X8})" : exitCode.ToString(CultureInfo.InvariantCulture);
        return new(DeathKind.Exited, exitCode, $"exited with code {code}", $"Exited {exitCode}", LastOutput(lines));
    }

    /// <summary>The usual name of a Unix signal ("SIGSEGV"), or "" for one that is not common.</summary>
    public static string SignalName(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        5 => "SIGTRAP",
        SigAbrt => "SIGABRT",
        7 when !OperatingSystem.IsMacOS() => "SIGBUS",
        8 => "SIGFPE",
        SigKill => "SIGKILL",
        10 when OperatingSystem.IsMacOS() => "SIGBUS",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        _ => "",
    };

    /// <summary>
    /// True when <paramref name="line"/> holds the first line of a report the runtime writes
    /// before it aborts; <see cref="OutputTail"/> keeps such a line even when a huge stack trace
    /// pushes it out of the tail.
    /// </summary>
    internal static bool IsRuntimeHeaderLine(string line) => RuntimeReport.FindHeader(line).Column >= 0;

    /// <summary>True for an exit code the runtime's abort produces.</summary>
    /// <remarks>SIGABRT on Unix; on Windows the runtime ends with an NTSTATUS or exception code, all negative.</remarks>
    private static bool IsRuntimeAbort(int exitCode) => exitCode == 128 + SigAbrt || exitCode < 0;

    /// <summary>
    /// The last lines of output, up to <see cref="DetailsCapacity"/> characters: without a report,
    /// the last thing the worker printed is the best clue.
    /// </summary>
    private static string LastOutput(string[] lines)
    {
        var kept = new List<string>();
        var length = 0;
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            if (kept.Count == 0 && lines[i].Length == 0)
            {
                continue;
            }

            length += lines[i].Length + 1;
            if (length > DetailsCapacity)
            {
                break;
            }

            kept.Add(lines[i]);
        }

        kept.Reverse();
        return string.Join("\n", kept);
    }
}
