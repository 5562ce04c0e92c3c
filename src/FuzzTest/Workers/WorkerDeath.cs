using System.Globalization;
using System.Text;
using FuzzTest.Findings;

namespace FuzzTest.Workers;

/// <summary>
/// Why a worker process died, read from what the parent can still see: the exit code and the end
/// of the worker's stderr (where the runtime writes its last words, after any target output).
/// </summary>
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
    private const int SummaryMessageLength = 200;

    // Recursions through more methods than this are rare, and a wider search only finds accidents.
    private const int MaxCyclePeriod = 16;
    private const int MaxCycleStart = 32;

    private const string StackOverflowHeader = "Stack overflow.";
    private const string FailFastHeader = "Process terminated.";
    private const string FatalErrorHeader = "Fatal error.";
    private const string UnhandledHeader = "Unhandled exception.";
    private const string OutOfMemoryHeader = "Out of memory.";
    private const string EndOfInner = "--- End of inner exception stack trace ---";
    private const string AccessViolationType = "System.AccessViolationException";
    private const string OutOfMemoryType = "System.OutOfMemoryException";

    private static readonly string[] Headers = [StackOverflowHeader, FailFastHeader, FatalErrorHeader, UnhandledHeader, OutOfMemoryHeader];

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
        if (IsRuntimeAbort(exitCode) && FindLastReport(lines) is { } report)
        {
            return FromReport(exitCode, report);
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
    internal static bool IsRuntimeHeaderLine(string line) => FindHeader(line).Column >= 0;

    // SIGABRT on Unix; on Windows the runtime ends with an NTSTATUS or exception code, all negative.
    private static bool IsRuntimeAbort(int exitCode) => exitCode == 128 + SigAbrt || exitCode < 0;

    private static (int Column, string Header) FindHeader(string line)
    {
        // Target output written without a newline runs into the header ("partial lineFatal error."),
        // so the header may start anywhere; the first one on the line is the real one, later ones
        // are part of its message.
        var best = (Column: -1, Header: "");
        foreach (var header in Headers)
        {
            var column = line.IndexOf(header, StringComparison.Ordinal);
            if (column >= 0 && (best.Column < 0 || column < best.Column))
            {
                best = (column, header);
            }
        }

        return best;
    }

    // The report starts at the last header: whatever the target printed before it, even text that
    // looks like a header, is not the runtime's.
    private static (string Header, string After, List<string> Body, string Details)? FindLastReport(string[] lines)
    {
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            var (column, header) = FindHeader(lines[i]);
            if (column >= 0)
            {
                var first = lines[i][column..];
                var body = lines.Skip(i + 1).ToList();
                while (body.Count > 0 && body[^1].Length == 0)
                {
                    body.RemoveAt(body.Count - 1);
                }

                return (header, first[header.Length..].Trim(), body, Cap(first, body));
            }
        }

        return null;
    }

    private static WorkerDeath FromReport(int exitCode, (string Header, string After, List<string> Body, string Details) report) => report.Header switch
    {
        StackOverflowHeader => StackOverflow(exitCode, report),
        OutOfMemoryHeader => OutOfMemory(exitCode, report),
        FailFastHeader => FailFast(exitCode, report),
        FatalErrorHeader => FatalError(exitCode, report),
        _ => Unhandled(exitCode, report),
    };

    private static WorkerDeath OutOfMemory(int exitCode, (string Header, string After, List<string> Body, string Details) report)
    {
        var frames = Informative(FirstFrameRun(report.Body));
        return new(DeathKind.OutOfMemory, exitCode, In("out of memory", frames), Sign("OutOfMemory", frames), report.Details);
    }

    private static WorkerDeath FailFast(int exitCode, (string Header, string After, List<string> Body, string Details) report)
    {
        var message = report.After.Length > 0 ? report.After : MessageBeforeFrames(report.Body);
        var frames = Informative(FirstFrameRun(report.Body));
        var summary = AppendIn($"Environment.FailFast: {Shorten(message)}", frames);
        return new(DeathKind.FailFast, exitCode, summary, Sign("FailFast", frames), report.Details);
    }

    private static WorkerDeath FatalError(int exitCode, (string Header, string After, List<string> Body, string Details) report)
    {
        var message = report.After.Length > 0 ? report.After : MessageBeforeFrames(report.Body);
        var frames = Informative(FirstFrameRun(report.Body));
        if (message.StartsWith(AccessViolationType, StringComparison.Ordinal))
        {
            return new(DeathKind.AccessViolation, exitCode, In("access violation", frames), Sign("AccessViolation", frames), report.Details);
        }

        // Other fatal errors (heap corruption, invalid program) end the process the way FailFast
        // does, through the same runtime path.
        return new(DeathKind.FailFast, exitCode, AppendIn($"fatal error: {Shorten(message)}", frames), Sign("FailFast", frames), report.Details);
    }

    private static WorkerDeath Unhandled(int exitCode, (string Header, string After, List<string> Body, string Details) report)
    {
        var body = report.Body;
        var first = report.After.Length > 0 ? report.After : body.FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        var colon = first.IndexOf(": ", StringComparison.Ordinal);
        var type = colon >= 0 ? first[..colon] : first;
        var message = colon >= 0 ? first[(colon + 2)..] : "";

        // Exception.ToString puts the inner exceptions first; the outer exception's own frames
        // follow the last "End of inner exception" line, and AggregateException lists its
        // inner exceptions again after them ("---> (Inner Exception #0) ...").
        var start = body.FindLastIndex(l => l.Trim() == EndOfInner) + 1;
        var own = new List<string>();
        foreach (var line in body.Skip(start))
        {
            if (line.TrimStart().StartsWith("--->", StringComparison.Ordinal))
            {
                break;
            }

            if (FrameName(line) is { } frame)
            {
                own.Add(frame);
            }
        }

        var frames = Informative(own);
        if (type == AccessViolationType)
        {
            return new(DeathKind.AccessViolation, exitCode, In("access violation", frames), Sign("AccessViolation", frames), report.Details);
        }

        if (type == OutOfMemoryType)
        {
            return new(DeathKind.OutOfMemory, exitCode, In("out of memory", frames), Sign("OutOfMemory", frames), report.Details);
        }

        // A thread's outermost frame is where it started: Main for the main thread, the
        // runtime's thread or thread-pool entry for any other.
        var thread = own.Count > 0 && own[^1].StartsWith("System.Threading.", StringComparison.Ordinal) ? " on another thread" : "";
        var summary = $"unhandled {type}{thread}" + (message.Length > 0 ? $": {Shorten(message)}" : "");
        return new(DeathKind.UnhandledException, exitCode, summary, Sign($"UnhandledException {type}", frames), report.Details);
    }

    private static WorkerDeath StackOverflow(int exitCode, (string Header, string After, List<string> Body, string Details) report)
    {
        // "Repeated N times:" brackets the cycle between two dashed lines when the recursion
        // reaches the innermost frame; otherwise every frame is listed.
        var all = new List<string>();
        var block = new List<string>();
        var blockStart = 0;
        var repeated = false;
        var delimiters = 0;
        foreach (var line in report.Body)
        {
            var text = line.Trim();
            if (!repeated && text.StartsWith("Repeat", StringComparison.Ordinal) && text.EndsWith("times:", StringComparison.Ordinal))
            {
                repeated = true;
                continue;
            }

            if (repeated && delimiters < 2 && text.Length >= 3 && text.All(c => c == '-'))
            {
                delimiters++;
                continue;
            }

            if (FrameName(line) is { } frame)
            {
                if (repeated && delimiters == 1)
                {
                    blockStart = block.Count == 0 ? all.Count : blockStart;
                    block.Add(frame);
                }

                all.Add(frame);
            }
        }

        var (cycleStart, cycle) = block.Count > 0 ? (blockStart, block) : FindCycle(FirstFrameRun(report.Body));
        if (cycle.Count == 0)
        {
            var frames = Informative(FirstFrameRun(report.Body));
            return new(DeathKind.StackOverflow, exitCode, In("stack overflow", frames), Sign("StackOverflow", frames), report.Details);
        }

        var kept = Informative(cycle);

        // The depth at which the stack ran out decides which method of the cycle is innermost;
        // starting the cycle at its least method (ordinal) makes the signature independent of it.
        var canonical = Enumerable.Range(0, kept.Count)
            .Select(r => kept.Skip(r).Concat(kept.Take(r)).ToList())
            .Aggregate((a, b) => Compare(b, a) < 0 ? b : a);

        // For the reader, name the method through which the recursion was entered: the
        // outermost frame of the cycle before the frames that called into it.
        var members = cycle.ToHashSet(StringComparer.Ordinal);
        var entry = canonical[0];
        foreach (var frame in all.Skip(cycleStart))
        {
            if (!members.Contains(frame))
            {
                break;
            }

            if (kept.Contains(frame, StringComparer.Ordinal))
            {
                entry = frame;
            }
        }

        return new(DeathKind.StackOverflow, exitCode, $"stack overflow in {entry}", Sign("StackOverflow", canonical), report.Details);
    }

    // Finds the recursion in a fully listed stack: the short sequence of frames that repeats
    // longest, which skips any helper frames the overflow happened to hit on top of it. Three
    // repetitions at least, so that a few equal frames by chance are not taken for it.
    private static (int Start, List<string> Cycle) FindCycle(List<string> frames)
    {
        var best = (Start: 0, Period: 0, Stretch: 0);
        for (var start = 0; start < Math.Min(MaxCycleStart, frames.Count); start++)
        {
            for (var period = 1; period <= MaxCyclePeriod && start + 3 * period <= frames.Count; period++)
            {
                var end = start + period;
                while (end < frames.Count && string.Equals(frames[end], frames[end - period], StringComparison.Ordinal))
                {
                    end++;
                }

                var stretch = end - start;
                if (stretch >= 3 * period && stretch > best.Stretch)
                {
                    best = (start, period, stretch);
                }
            }
        }

        return best.Period > 0 ? (best.Start, frames.GetRange(best.Start, best.Period)) : (0, []);
    }

    private static int Compare(List<string> a, List<string> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var order = string.CompareOrdinal(a[i], b[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    // Frames of the runtime and of FuzzTest itself say nothing about the bug. If that leaves
    // nothing (code under test in a FuzzTest.* namespace, such as FuzzTest's own test targets),
    // drop only the runtime's; failing that, keep every frame.
    private static List<string> Informative(IEnumerable<string> frames)
    {
        var all = frames.ToList();
        var user = all.Where(f => !IsRuntime(f) && !f.StartsWith("FuzzTest.", StringComparison.Ordinal)).ToList();
        if (user.Count > 0)
        {
            return user;
        }

        var notRuntime = all.Where(f => !IsRuntime(f)).ToList();
        return notRuntime.Count > 0 ? notRuntime : all;
    }

    // Internal.* and the marshalling stubs belong to the runtime as much as System.* does.
    private static bool IsRuntime(string frame) =>
        frame.StartsWith("System.", StringComparison.Ordinal)
        || frame.StartsWith("Microsoft.", StringComparison.Ordinal)
        || frame.StartsWith("Internal.", StringComparison.Ordinal)
        || frame.StartsWith("ILStubClass.", StringComparison.Ordinal);

    private static string Sign(string what, List<string> frames) =>
        frames.Count == 0 ? what : $"{what} at {string.Join(" <- ", frames.Take(CrashSignature.Frames))}";

    private static string In(string what, List<string> frames) => frames.Count == 0 ? what : $"{what} in {frames[0]}";

    private static string AppendIn(string what, List<string> frames) => frames.Count == 0 ? what : $"{what} (in {frames[0]})";

    private static string Shorten(string message) =>
        message.Length <= SummaryMessageLength ? message : string.Concat(message.AsSpan(0, SummaryMessageLength), "…");

    /// <summary>
    /// "Ns.Type.Method" from "   at Ns.Type+Nested.Method[T](Args) in /file.cs:line 3"; null for
    /// a line that is not a frame.
    /// </summary>
    private static string? FrameName(string line)
    {
        var text = line.TrimStart();
        if (!text.StartsWith("at ", StringComparison.Ordinal))
        {
            return null;
        }

        // The stack overflow report writes nested types with '+' and generic arguments in
        // brackets, exception text with '.' and type parameters: normalise both to one form.
        var name = new StringBuilder();
        var depth = 0;
        foreach (var c in text.AsSpan(3))
        {
            if (c == '(' && depth == 0)
            {
                break;
            }

            if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                name.Append(c == '+' ? '.' : c);
            }
        }

        var result = name.ToString().Trim();
        return result.Length > 0 ? result : null;
    }

    private static List<string> FirstFrameRun(List<string> lines)
    {
        var frames = new List<string>();
        foreach (var line in lines)
        {
            if (FrameName(line) is { } frame)
            {
                frames.Add(frame);
            }
            else if (frames.Count > 0)
            {
                break;
            }
        }

        return frames;
    }

    private static string MessageBeforeFrames(List<string> lines) =>
        string.Join(" ", lines.TakeWhile(l => FrameName(l) is null).Select(l => l.Trim()).Where(l => l.Length > 0));

    private static string Cap(string first, List<string> body)
    {
        var text = new StringBuilder(first.Length > DetailsCapacity ? first[..DetailsCapacity] : first);
        foreach (var line in body)
        {
            if (text.Length + 1 + line.Length > DetailsCapacity)
            {
                text.Append("\n[... truncated]");
                break;
            }

            text.Append('\n').Append(line);
        }

        return text.ToString();
    }

    // Without a report, the last thing the worker printed is the best clue.
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
