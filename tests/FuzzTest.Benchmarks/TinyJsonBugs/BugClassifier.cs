using FuzzTest.Findings;

namespace FuzzTest.Benchmarks.TinyJsonBugs;

/// <summary>
/// Tells which planted bug a finding is, from its exception type and the methods on its stack.
/// The engine deduplicates by the top frames, so one bug can show up as several findings (the
/// same escape bug reached from a string and from a key); each maps to the same bug here.
/// </summary>
internal static class BugClassifier
{
    /// <summary>The bug's name in the JSON scenario, <c>ttf/tinyjson/&lt;name&gt;</c>.</summary>
    public static string Name(TinyJsonBug bug) => bug switch
    {
        TinyJsonBug.Header => "header",
        TinyJsonBug.Escape => "escape",
        TinyJsonBug.Nesting => "nesting",
        _ => throw new ArgumentOutOfRangeException(nameof(bug), bug, null),
    };

    /// <summary>The planted bug behind <paramref name="finding"/>, or null for anything else.</summary>
    public static TinyJsonBug? Classify(Finding finding)
    {
        // The description is Exception.ToString(): "Type: message", then "   at Namespace.Type.Method(...)" lines.
        var lines = finding.Description.Split('\n', StringSplitOptions.TrimEntries);
        var header = lines[0];
        var type = header.Split(':', 2)[0];
        var frames = lines
            .Where(l => l.StartsWith("at ", StringComparison.Ordinal))
            .Select(l => l[3..].Split('(', 2)[0])
            .ToList();

        // The first frame of TinyJson or of the benchmark target: the runtime's throw helpers above
        // it (Internal.Runtime.CompilerHelpers.ThrowHelpers for a failed bounds check) say nothing
        // about where the bug is.
        var thrower = frames.FirstOrDefault(f => !f.StartsWith("System.", StringComparison.Ordinal)
                                                 && !f.StartsWith("Internal.", StringComparison.Ordinal));

        if (type == typeof(IndexOutOfRangeException).FullName)
        {
            // Matching any escape method keeps the class right when the JIT inlines ReadHex4 into its caller.
            if (frames.Any(f => f is "TinyJson.Parser.ReadHex4" or "TinyJson.Parser.ReadUnicodeEscape" or "TinyJson.Parser.ReadEscape"))
            {
                return TinyJsonBug.Escape;
            }

            // The header is read before any Parser method runs. Once the tier-1 JIT inlines
            // TinyJson.Parse into the target, the target's frame is the one on top.
            if (thrower is "TinyJson.TinyJson.Parse" or "FuzzTest.Benchmarks.Targets.TinyJsonTarget.Parse")
            {
                return TinyJsonBug.Header;
            }
        }

        if (type == typeof(InvalidOperationException).FullName
            && (frames.Any(f => f.StartsWith("TinyJson.PathTracker.", StringComparison.Ordinal))
                || header.Contains("Path tracker out of sync", StringComparison.Ordinal)))
        {
            return TinyJsonBug.Nesting;
        }

        return null;
    }
}
