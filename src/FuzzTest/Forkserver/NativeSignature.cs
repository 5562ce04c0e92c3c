using System.Text.RegularExpressions;

namespace FuzzTest.Forkserver;

/// <summary>
/// Names a native crash so that the same bug gets the same name: the signal, refined by a
/// sanitizer's one-line summary when the program printed one ("SUMMARY: AddressSanitizer:
/// heap-buffer-overflow (parser+0x4f2a1) in parse_header"), so two different memory errors that
/// both abort are two findings, while one error hit from many inputs stays one.
/// </summary>
internal static partial class NativeSignature
{
    /// <summary>The signature of a crash by <paramref name="signal"/> whose stderr ends with <paramref name="stderr"/>.</summary>
    public static string Of(string signal, string stderr)
    {
        var summary = Summary().Matches(stderr).LastOrDefault();
        return summary is null ? signal : $"{signal} {Normalize(summary.Groups[1].Value)}";
    }

    // A full path in the summary differs between checkouts, and the build id between builds;
    // the file name and offset do not.
    private static string Normalize(string summary) => Path().Replace(BuildId().Replace(summary, ""), "$1").Trim();

    [GeneratedRegex(@"\s*\(BuildId: [0-9a-fA-F]+\)")]
    private static partial Regex BuildId();

    [GeneratedRegex(@"^SUMMARY: (\w+Sanitizer: .+)$", RegexOptions.Multiline)]
    private static partial Regex Summary();

    [GeneratedRegex(@"(?:/[^\s/()]+)+/([^\s/()]+)")]
    private static partial Regex Path();
}
