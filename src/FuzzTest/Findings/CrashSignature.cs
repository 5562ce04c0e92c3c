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
        var methods = new StackTrace(exception, fNeedFileInfo: false).GetFrames()
            .Select(f => f.GetMethod())
            .OfType<MethodBase>()
            .Where(m => !IsPlumbing(m))
            .ToList();

        // int.Parse failing at two call sites is two bugs: start at the first frame of code that
        // is not the .NET runtime's own, so library internals neither merge nor split bugs.
        var user = methods.FindIndex(m => !IsFramework(m));
        var top = methods.Skip(Math.Max(user, 0)).Take(Frames).Select(m => $"{m.DeclaringType?.FullName}.{m.Name}");
        return $"{exception.GetType().FullName} at {string.Join(" <- ", top)}";
    }

    /// <summary>The signature of a run that ended the process without an exception to look at.</summary>
    public static string OfProcessDeath(string what) => $"process death: {what}";

    private static readonly string FrameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";

    private static bool IsFramework(MethodBase method)
    {
        var location = method.DeclaringType?.Assembly.Location;
        return !string.IsNullOrEmpty(location) && FrameworkDirectory.Length > 0
            && string.Equals(Path.GetDirectoryName(location), FrameworkDirectory, StringComparison.Ordinal);
    }

    // Frames of the engine's own invocation shims, and the runtime's throw helpers (which stand
    // in for a "throw" the JIT moved out of line), carry no information about the bug.
    private static bool IsPlumbing(MethodBase method)
    {
        var type = method.DeclaringType;
        if (type is null)
        {
            return false;
        }

        if (type.Assembly == typeof(object).Assembly && (type.Name.Contains("ThrowHelper", StringComparison.Ordinal)
            || type.Namespace?.StartsWith("Internal.Runtime", StringComparison.Ordinal) == true))
        {
            return true;
        }

        return type.Namespace?.StartsWith("FuzzTest.", StringComparison.Ordinal) == true
            && type.Assembly == typeof(CrashSignature).Assembly;
    }
}
