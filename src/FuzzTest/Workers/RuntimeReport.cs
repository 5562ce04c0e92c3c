using System.Text;

namespace FuzzTest.Workers;

/// <summary>
/// The report the runtime writes to stderr before it aborts ("Stack overflow.", "Unhandled
/// exception. ..."), cut out of the end of a worker's stderr.
/// </summary>
/// <param name="Header">Which header starts the report: one of the <c>*Header</c> constants.</param>
/// <param name="After">The rest of the header's line, trimmed (the exception or FailFast message, when on that line).</param>
/// <param name="Body">The lines after the header's line, without trailing empty lines.</param>
/// <param name="Details">The report from its header on, capped at <see cref="WorkerDeath.DetailsCapacity"/> characters.</param>
internal sealed record RuntimeReport(string Header, string After, List<string> Body, string Details)
{
    /// <summary>Starts the report of a stack overflow.</summary>
    public const string StackOverflowHeader = "Stack overflow.";

    /// <summary>Starts the report of <see cref="Environment.FailFast(string)"/>.</summary>
    public const string FailFastHeader = "Process terminated.";

    /// <summary>Starts the report of a fatal runtime error (access violation, heap corruption).</summary>
    public const string FatalErrorHeader = "Fatal error.";

    /// <summary>Starts the report of an exception nothing caught.</summary>
    public const string UnhandledHeader = "Unhandled exception.";

    /// <summary>Starts the report of an allocation the runtime could not satisfy.</summary>
    public const string OutOfMemoryHeader = "Out of memory.";

    private static readonly string[] Headers = [StackOverflowHeader, FailFastHeader, FatalErrorHeader, UnhandledHeader, OutOfMemoryHeader];

    /// <summary>Where the first report header on <paramref name="line"/> starts, and which it is; column -1 when there is none.</summary>
    public static (int Column, string Header) FindHeader(string line)
    {
        // Target output written without a newline runs into the header ("partial lineFatal error."),
        // so the header may start anywhere; the first one on the line is the real one, later ones
        // are part of its message.
        var best = (Column: -1, Header: "");
        foreach (var header in Headers)
        {
            var column = line.IndexOf(header, StringComparison.Ordinal);
            if (column >= 0 && (best.Column < 0 || column < best.Column))
            {
                best = (column, header);
            }
        }

        return best;
    }

    /// <summary>The report that starts at the last header in <paramref name="lines"/>, or null when there is no header.</summary>
    public static RuntimeReport? FindLast(string[] lines)
    {
        // The report starts at the last header: whatever the target printed before it, even text
        // that looks like a header, is not the runtime's.
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            var (column, header) = FindHeader(lines[i]);
            if (column >= 0)
            {
                var first = lines[i][column..];
                var body = lines.Skip(i + 1).ToList();
                while (body.Count > 0 && body[^1].Length == 0)
                {
                    body.RemoveAt(body.Count - 1);
                }

                return new(header, first[header.Length..].Trim(), body, Cap(first, body));
            }
        }

        return null;
    }

    /// <summary>
    /// The report's text from its first line, cut (with a line saying so) at
    /// <see cref="WorkerDeath.DetailsCapacity"/>: the start of a stack trace says what happened.
    /// </summary>
    private static string Cap(string first, List<string> body)
    {
        var capacity = WorkerDeath.DetailsCapacity;
        var text = new StringBuilder(first.Length > capacity ? first[..capacity] : first);
        foreach (var line in body)
        {
            if (text.Length + 1 + line.Length > capacity)
            {
                text.Append("\n[... truncated]");
                break;
            }

            text.Append('\n').Append(line);
        }

        return text.ToString();
    }
}
