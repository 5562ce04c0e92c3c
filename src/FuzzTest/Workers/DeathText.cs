using FuzzTest.Findings;

namespace FuzzTest.Workers;

/// <summary>
/// The wording of a <see cref="WorkerDeath"/>'s summary and signature, shared by the classifiers
/// so that every kind of death reads and signs the same way.
/// </summary>
internal static class DeathText
{
    /// <summary>Characters of an exception or FailFast message kept in a summary line.</summary>
    private const int SummaryMessageLength = 200;

    /// <summary>
    /// "<paramref name="what"/> at A &lt;- B &lt;- C": the kind and up to
    /// <see cref="CrashSignature.Frames"/> innermost frames, or only the kind without frames.
    /// </summary>
    public static string Sign(string what, List<string> frames) =>
        frames.Count == 0 ? what : $"{what} at {string.Join(" <- ", frames.Take(CrashSignature.Frames))}";

    /// <summary>"<paramref name="what"/> in Ns.Type.Method", naming the innermost frame when there is one.</summary>
    public static string In(string what, List<string> frames) => frames.Count == 0 ? what : $"{what} in {frames[0]}";

    /// <summary>"<paramref name="what"/> (in Ns.Type.Method)", for a summary that already ends in a message.</summary>
    public static string AppendIn(string what, List<string> frames) => frames.Count == 0 ? what : $"{what} (in {frames[0]})";

    /// <summary>The message, cut with an ellipsis so that a summary stays one readable line.</summary>
    public static string Shorten(string message) =>
        message.Length <= SummaryMessageLength ? message : string.Concat(message.AsSpan(0, SummaryMessageLength), "…");
}
