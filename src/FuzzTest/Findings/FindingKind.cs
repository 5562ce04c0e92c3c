namespace FuzzTest.Findings;

/// <summary>What kind of failure an input causes; decides its file-name prefix.</summary>
internal enum FindingKind
{
    /// <summary>An exception escaped the target, or the process died running it.</summary>
    Crash,

    /// <summary>A run took longer than the per-input timeout.</summary>
    Timeout,
}
