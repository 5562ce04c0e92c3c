using System.Text;

namespace FuzzTest.Sessions;

/// <summary>Shows an input in a report: as a quoted string when it is mostly text, and always as hex.</summary>
internal static class InputPreview
{
    private const int MaxShown = 64;

    /// <summary>For example <c>"\"\\u12" (hex 22 5c 75 31 32)</c>.</summary>
    public static string Format(ReadOnlySpan<byte> input)
    {
        var shown = input[..Math.Min(input.Length, MaxShown)];
        var more = input.Length > MaxShown ? " …" : "";
        var text = new StringBuilder("\"");
        foreach (var b in shown)
        {
            text.Append(b switch
            {
                (byte)'"' => "\\\"",
                (byte)'\\' => "\\\\",
                (byte)'\n' => "\\n",
                (byte)'\r' => "\\r",
                (byte)'\t' => "\\t",
                >= 0x20 and < 0x7f => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }

        text.Append('"').Append(more);
        return $"{text} (hex {Convert.ToHexStringLower(shown)}{more})";
    }
}
