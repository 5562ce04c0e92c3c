using System.Text;

namespace FuzzTest.Workers;

/// <summary>
/// The end of a worker's output (stderr, with the target's stdout merged in), kept so that the
/// parent can say why the worker died: the runtime writes its report last. Thread-safe: one
/// thread appends while another reads.
/// </summary>
/// <remarks>
/// A stack overflow through non-repeating frames prints every frame, megabytes of them, which
/// would push the report's first lines (the header and the innermost frames, the only ones that
/// matter) out of any tail. So the start of the last runtime report
/// (<see cref="WorkerDeath.IsRuntimeHeaderLine"/>) is pinned: up to
/// <see cref="WorkerDeath.DetailsCapacity"/> characters of it stay in <see cref="Text"/>, followed
/// by a line saying how many lines were dropped, then the tail.
/// </remarks>
/// <param name="capacity">Characters of tail to keep (newlines included), besides the pinned report start.</param>
internal sealed class OutputTail(int capacity = 64 * 1024)
{
    private const int ReadBufferSize = 4096;

    private readonly Lock gate = new();
    private readonly Queue<string> lines = new();
    private readonly List<string> pinned = [];
    private int characters;
    private long firstLine;
    private long nextLine;
    private long pinnedStart;
    private int pinnedCharacters;
    private bool pinning;

    /// <summary>Characters of tail kept, besides the pinned report start.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be positive.");

    /// <summary>The kept output: whole lines, each ending in a newline.</summary>
    public string Text
    {
        get
        {
            lock (gate)
            {
                var text = new StringBuilder();
                if (pinned.Count > 0 && pinnedStart < firstLine)
                {
                    // Only the pinned lines that already left the tail, so none appears twice.
                    var gone = (int)Math.Min(pinned.Count, firstLine - pinnedStart);
                    foreach (var line in pinned.Take(gone))
                    {
                        text.Append(line).Append('\n');
                    }

                    var dropped = firstLine - (pinnedStart + gone);
                    if (dropped > 0)
                    {
                        text.Append("[... ").Append(dropped).Append(" lines dropped ...]\n");
                    }
                }

                foreach (var line in lines)
                {
                    text.Append(line).Append('\n');
                }

                return text.ToString();
            }
        }
    }

    /// <summary>Adds one line (without its newline); the oldest lines go once the tail is over capacity.</summary>
    public void Append(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Length >= Capacity)
        {
            line = line[^(Capacity - 1)..];
        }

        lock (gate)
        {
            if (WorkerDeath.IsRuntimeHeaderLine(line))
            {
                pinned.Clear();
                pinned.Add(line);
                pinnedStart = nextLine;
                pinnedCharacters = line.Length + 1;
                pinning = true;
            }
            else if (pinning)
            {
                pinning = pinnedCharacters + line.Length + 1 <= WorkerDeath.DetailsCapacity;
                if (pinning)
                {
                    pinned.Add(line);
                    pinnedCharacters += line.Length + 1;
                }
            }

            lines.Enqueue(line);
            characters += line.Length + 1;
            nextLine++;
            while (characters > Capacity)
            {
                characters -= lines.Dequeue().Length + 1;
                firstLine++;
            }
        }
    }

    /// <summary>Forgets everything, for a worker that starts over.</summary>
    public void Clear()
    {
        lock (gate)
        {
            lines.Clear();
            pinned.Clear();
            characters = 0;
            firstLine = nextLine;
            pinning = false;
        }
    }

    /// <summary>
    /// Starts a background thread that appends the lines of <paramref name="reader"/> to
    /// <paramref name="tail"/> until end of file; join it to be sure all output is in.
    /// </summary>
    public static Thread Drain(TextReader reader, OutputTail tail, string threadName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(tail);
        var thread = new Thread(() => Pump(reader, tail)) { IsBackground = true, Name = threadName };
        thread.Start();
        return thread;
    }

    private static void Pump(TextReader reader, OutputTail tail)
    {
        // Not ReadLine: a target that prints forever without a newline would make it build an
        // unbounded string. Only the end of an overlong line is kept, as Append would.
        var buffer = new char[ReadBufferSize];
        var line = new StringBuilder();
        try
        {
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    var c = buffer[i];
                    if (c == '\n')
                    {
                        tail.Append(EndOfLine(line));
                        line.Clear();
                    }
                    else
                    {
                        line.Append(c);
                    }
                }

                if (line.Length > 2 * tail.Capacity)
                {
                    line.Remove(0, line.Length - tail.Capacity);
                }
            }

            if (line.Length > 0)
            {
                tail.Append(EndOfLine(line));
            }
        }
        catch (Exception)
        {
            // The pipe went away with the process (or the stream was closed under the read):
            // what was read is all there is, and the test host must not crash on this thread.
        }
    }

    private static string EndOfLine(StringBuilder line)
    {
        var length = line.Length > 0 && line[^1] == '\r' ? line.Length - 1 : line.Length;
        return line.ToString(0, length);
    }
}
