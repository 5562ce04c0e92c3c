namespace FuzzTest.Findings;

/// <summary>A failure found by fuzzing: the input that causes it and what it does.</summary>
/// <param name="Kind">Crash or timeout.</param>
/// <param name="Input">The (minimized) input.</param>
/// <param name="Signature">What makes it the same bug as another input (see <see cref="CrashSignature"/>).</param>
/// <param name="Description">The exception, with message and stack, or what happened to the process.</param>
/// <param name="SavedPath">Where the input was saved, or null if saving failed.</param>
/// <param name="OriginalLength">Length before minimization.</param>
/// <param name="FoundAfter">Session time when the failing input first ran.</param>
/// <param name="FoundAtExecution">How many runs the session had made by then.</param>
internal sealed record Finding(
    FindingKind Kind,
    byte[] Input,
    string Signature,
    string Description,
    string? SavedPath,
    int OriginalLength,
    TimeSpan FoundAfter,
    long FoundAtExecution);
