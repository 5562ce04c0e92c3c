namespace FuzzTest.Workers;

/// <summary>
/// Turns a <see cref="RuntimeReport"/> into a <see cref="WorkerDeath"/>: the kind from the header
/// (and the exception type), the summary and signature from the message and the frames.
/// </summary>
internal static class RuntimeReportClassifier
{
    private const string EndOfInner = "--- End of inner exception stack trace ---";
    private const string AccessViolationType = "System.AccessViolationException";
    private const string OutOfMemoryType = "System.OutOfMemoryException";

    /// <summary>Classifies the death the runtime reported before it aborted with <paramref name="exitCode"/>.</summary>
    public static WorkerDeath Classify(int exitCode, RuntimeReport report) => report.Header switch
    {
        RuntimeReport.StackOverflowHeader => StackOverflowReport.Classify(exitCode, report),
        RuntimeReport.OutOfMemoryHeader => OutOfMemory(exitCode, report),
        RuntimeReport.FailFastHeader => FailFast(exitCode, report),
        RuntimeReport.FatalErrorHeader => FatalError(exitCode, report),
        _ => Unhandled(exitCode, report),
    };

    /// <summary>"Out of memory.": the runtime could not allocate, even to throw.</summary>
    private static WorkerDeath OutOfMemory(int exitCode, RuntimeReport report)
    {
        var frames = FrameNames.Informative(FrameNames.FirstRun(report.Body));
        return new(DeathKind.OutOfMemory, exitCode, DeathText.In("out of memory", frames), DeathText.Sign("OutOfMemory", frames), report.Details);
    }

    /// <summary>"Process terminated.": <see cref="Environment.FailFast(string)"/> or a failed assertion.</summary>
    private static WorkerDeath FailFast(int exitCode, RuntimeReport report)
    {
        var message = report.After.Length > 0 ? report.After : FrameNames.MessageBefore(report.Body);
        var frames = FrameNames.Informative(FrameNames.FirstRun(report.Body));
        var summary = DeathText.AppendIn($"Environment.FailFast: {DeathText.Shorten(message)}", frames);
        return new(DeathKind.FailFast, exitCode, summary, DeathText.Sign("FailFast", frames), report.Details);
    }

    /// <summary>"Fatal error.": an access violation, or another error the runtime cannot survive.</summary>
    private static WorkerDeath FatalError(int exitCode, RuntimeReport report)
    {
        var message = report.After.Length > 0 ? report.After : FrameNames.MessageBefore(report.Body);
        var frames = FrameNames.Informative(FrameNames.FirstRun(report.Body));
        if (message.StartsWith(AccessViolationType, StringComparison.Ordinal))
        {
            return AccessViolation(exitCode, report, frames);
        }

        // Other fatal errors (heap corruption, invalid program) end the process the way FailFast
        // does, through the same runtime path.
        var summary = DeathText.AppendIn($"fatal error: {DeathText.Shorten(message)}", frames);
        return new(DeathKind.FailFast, exitCode, summary, DeathText.Sign("FailFast", frames), report.Details);
    }

    /// <summary>"Unhandled exception.": the exception's type, message and own frames.</summary>
    private static WorkerDeath Unhandled(int exitCode, RuntimeReport report)
    {
        var body = report.Body;
        var first = report.After.Length > 0 ? report.After : body.FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        var colon = first.IndexOf(": ", StringComparison.Ordinal);
        var type = colon >= 0 ? first[..colon] : first;
        var message = colon >= 0 ? first[(colon + 2)..] : "";
        var own = OwnFrames(body);
        var frames = FrameNames.Informative(own);
        if (type == AccessViolationType)
        {
            return AccessViolation(exitCode, report, frames);
        }

        if (type == OutOfMemoryType)
        {
            return new(DeathKind.OutOfMemory, exitCode, DeathText.In("out of memory", frames), DeathText.Sign("OutOfMemory", frames), report.Details);
        }

        // A thread's outermost frame is where it started: Main for the main thread, the
        // runtime's thread or thread-pool entry for any other.
        var thread = own.Count > 0 && own[^1].StartsWith("System.Threading.", StringComparison.Ordinal) ? " on another thread" : "";
        var summary = $"unhandled {type}{thread}" + (message.Length > 0 ? $": {DeathText.Shorten(message)}" : "");
        return new(DeathKind.UnhandledException, exitCode, summary, DeathText.Sign($"UnhandledException {type}", frames), report.Details);
    }

    /// <summary>The frames of the outermost exception itself, innermost first, leaving out those of its inner exceptions.</summary>
    private static List<string> OwnFrames(List<string> body)
    {
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

            if (FrameNames.FromLine(line) is { } frame)
            {
                own.Add(frame);
            }
        }

        return own;
    }

    /// <summary>An access violation, whether reported as a fatal error or as an unhandled exception.</summary>
    private static WorkerDeath AccessViolation(int exitCode, RuntimeReport report, List<string> frames) =>
        new(DeathKind.AccessViolation, exitCode, DeathText.In("access violation", frames), DeathText.Sign("AccessViolation", frames), report.Details);
}
