using System.Globalization;

namespace FuzzTest.Mutators;

/// <summary>
/// Reads a dictionary in the format afl-fuzz (<c>-x</c>) and libFuzzer (<c>-dict=</c>) share, so
/// the dictionaries that ship with AFL++ and with projects work unchanged: one token per line,
/// <c>name="value"</c> or just <c>"value"</c>, <c>#</c> starts a comment, and inside the quotes
/// <c>\\</c>, <c>\"</c> and <c>\xNN</c> escape a byte. AFL's <c>name@level</c> suffix is accepted
/// and ignored.
/// </summary>
internal static class DictionaryFile
{
    /// <summary>The tokens of the dictionary at <paramref name="path"/>, in file order.</summary>
    /// <exception cref="FormatException">A line is malformed; the message names the file, the line and the problem.</exception>
    public static IReadOnlyList<byte[]> Read(string path)
    {
        var tokens = new List<byte[]>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            tokens.Add(Parse(line, out var problem) ?? throw new FormatException(
                $"{path}:{number}: {problem}. A dictionary line is name=\"value\" or \"value\", with \\\\, \\\" and \\xNN escapes (the afl-fuzz -x / libFuzzer -dict format)."));
        }

        return tokens;
    }

    private static byte[]? Parse(string line, out string problem)
    {
        var open = line.IndexOf('"');
        var close = line.LastIndexOf('"');
        if (open < 0 || close <= open)
        {
            problem = "the value is not in double quotes";
            return null;
        }

        if (line[(close + 1)..].Trim().Length > 0)
        {
            problem = "there is text after the closing quote";
            return null;
        }

        var bytes = new List<byte>();
        for (var i = open + 1; i < close; i++)
        {
            var c = line[i];
            if (c != '\\')
            {
                if (c > 0xFF)
                {
                    problem = $"'{c}' is not a byte: write it as \\xNN escapes";
                    return null;
                }

                bytes.Add((byte)c);
                continue;
            }

            if (i + 1 >= close)
            {
                problem = "a backslash ends the value";
                return null;
            }

            var next = line[++i];
            if (next is '\\' or '"')
            {
                bytes.Add((byte)next);
            }
            else if (next == 'x' && i + 2 < close && byte.TryParse(line.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                bytes.Add(value);
                i += 2;
            }
            else
            {
                problem = $"\\{next} is not an escape (use \\\\, \\\" or \\xNN)";
                return null;
            }
        }

        if (bytes.Count == 0)
        {
            problem = "the value is empty";
            return null;
        }

        problem = "";
        return [.. bytes];
    }
}
