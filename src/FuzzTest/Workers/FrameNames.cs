using System.Text;

namespace FuzzTest.Workers;

/// <summary>
/// Reads stack frames out of the runtime's reports as bare method names ("Ns.Type.Method"), in one
/// form whichever report wrote them, and picks the frames that say something about the bug.
/// </summary>
internal static class FrameNames
{
    /// <summary>
    /// "Ns.Type.Method" from "   at Ns.Type+Nested.Method[T](Args) in /file.cs:line 3"; null for
    /// a line that is not a frame.
    /// </summary>
    public static string? FromLine(string line)
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

    /// <summary>The names of the first unbroken run of frame lines in <paramref name="lines"/>.</summary>
    public static List<string> FirstRun(List<string> lines)
    {
        var frames = new List<string>();
        foreach (var line in lines)
        {
            if (FromLine(line) is { } frame)
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

    /// <summary>The non-empty lines before the first frame, joined into one line: a message the report wrapped.</summary>
    public static string MessageBefore(List<string> lines) =>
        string.Join(" ", lines.TakeWhile(l => FromLine(l) is null).Select(l => l.Trim()).Where(l => l.Length > 0));

    /// <summary>
    /// The frames of the code under test. Frames of the runtime and of FuzzTest itself say nothing
    /// about the bug. If that leaves nothing (code under test in a FuzzTest.* namespace, such as
    /// FuzzTest's own test targets), drop only the runtime's; failing that, keep every frame.
    /// </summary>
    public static List<string> Informative(IEnumerable<string> frames)
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

    /// <summary>True for a frame of the runtime: Internal.* and the marshalling stubs belong to it as much as System.* does.</summary>
    private static bool IsRuntime(string frame) =>
        frame.StartsWith("System.", StringComparison.Ordinal)
        || frame.StartsWith("Microsoft.", StringComparison.Ordinal)
        || frame.StartsWith("Internal.", StringComparison.Ordinal)
        || frame.StartsWith("ILStubClass.", StringComparison.Ordinal);
}
