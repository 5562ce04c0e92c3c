using System.Diagnostics;
using System.Reflection;

namespace FuzzTest.Findings;

/// <summary>
/// Identifies a bug rather than an input: the exception type plus the top frames of the stack
/// where it was thrown. Two inputs with the same signature are the same finding, so only the
/// first is minimized and saved.
/// </summary>
internal static class CrashSignature
{
    /// <summary>How many innermost frames take part; enough to tell call sites apart, few enough to ignore the path to them.</summary>
    public const int Frames = 3;

    /// <summary>The signature of <paramref name="exception"/>.</summary>
    public static string Of(Exception exception)
    {
        var frames = new StackTrace(exception, fNeedFileInfo: false).GetFrames();
        var top = frames
            .Select(f => f.GetMethod())
            .Where(m => m is not null && !IsPlumbing(m))
            .Take(Frames)
            .Select(m => $"{m!.DeclaringType?.FullName}.{m.Name}");
        return $"{exception.GetType().FullName} at {string.Join(" <- ", top)}";
    }

    /// <summary>The signature of a run that ended the process without an exception to look at.</summary>
    public static string OfProcessDeath(string what) => $"process death: {what}";

    // Frames of the engine's own invocation shims carry no information about the bug.
    private static bool IsPlumbing(MethodBase method) =>
        method.DeclaringType?.Namespace?.StartsWith("FuzzTest.", StringComparison.Ordinal) == true
        && method.DeclaringType.Assembly == typeof(CrashSignature).Assembly;
}
