using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;

namespace FuzzTest.Executors;

/// <summary>
/// The input being run, kept in a memory-mapped file so that it survives the death of the
/// process: after a stack overflow, FailFast or a watchdog kill, the next session finds the
/// file still marked <see cref="RunState.Running"/> and knows exactly which input did it.
/// </summary>
/// <remarks>
/// Layout (little-endian; all fields naturally aligned):
/// <code>
/// offset size field
///      0    4 magic     "FTIF": recognises the file before trusting the rest
///      4    2 version   bumped on any layout change
///      6    2 state     RunState: idle, running, or timed out (already saved)
///      8    4 pid       the process that owns the file
///     12    4 length    bytes of input that follow the header
///     16    8 sequence  runs begun so far; the watchdog sees progress through it
///     24    n input     capacity = the session's maximum input length
/// </code>
/// Plain stores publish the input; the state word is written last with a volatile store, so a
/// reader that sees Running also sees the input of that run.
/// </remarks>
internal sealed unsafe class InFlightInput : IRunRecord, IDisposable
{
    /// <summary>"FTIF" read as a little-endian uint32.</summary>
    public const uint Magic = 0x46495446;

    /// <summary>Layout version written at offset 4.</summary>
    public const ushort Version = 1;

    /// <summary>Bytes before the input.</summary>
    public const int HeaderSize = 24;

    /// <summary>File extension of in-flight records.</summary>
    public const string Extension = ".inflight";

    private readonly MemoryMappedFile file;
    private readonly MemoryMappedViewAccessor view;
    private readonly byte* header;
    private readonly int capacity;

    private InFlightInput(string path, MemoryMappedFile file, MemoryMappedViewAccessor view, int capacity)
    {
        Path = path;
        this.file = file;
        this.view = view;
        this.capacity = capacity;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        header = pointer;
        *(uint*)header = Magic;
        *(ushort*)(header + 4) = Version;
        *(int*)(header + 8) = Environment.ProcessId;
    }

    /// <summary>What the owner was doing when the file was last written.</summary>
    public enum RunState : ushort
    {
        /// <summary>Between runs.</summary>
        Idle = 0,

        /// <summary>A run began and has not ended.</summary>
        Running = 1,

        /// <summary>The watchdog stopped the run and saved the input itself.</summary>
        TimedOut = 2,
    }

    /// <summary>The backing file.</summary>
    public string Path { get; }

    /// <summary>Runs begun so far.</summary>
    public long Sequence => Volatile.Read(ref *(long*)(header + 16));

    /// <summary>True between <see cref="Begin"/> and <see cref="End"/>.</summary>
    public bool IsRunning => Volatile.Read(ref *(ushort*)(header + 6)) == (ushort)RunState.Running;

    /// <summary>Creates the record for this process in <paramref name="folder"/>.</summary>
    public static InFlightInput Create(string folder, int maxLength)
    {
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, $"{Environment.ProcessId}{Extension}");
        var size = HeaderSize + Math.Max(maxLength, 1);
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Create, null, size, MemoryMappedFileAccess.ReadWrite);
        var view = file.CreateViewAccessor(0, size, MemoryMappedFileAccess.ReadWrite);
        return new InFlightInput(path, file, view, maxLength);
    }

    /// <summary>
    /// Reads the records left in <paramref name="folder"/> by processes that died while running
    /// an input. Stale records that hold no lost run are deleted; the caller deletes the others
    /// (with <see cref="Discard"/>) once it has saved their inputs, so a crash now loses nothing.
    /// </summary>
    public static IReadOnlyList<LostRun> RecoverLost(string folder)
    {
        var lost = new List<LostRun>();
        if (!Directory.Exists(folder))
        {
            return lost;
        }

        foreach (var path in Directory.EnumerateFiles(folder, "*" + Extension))
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < HeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
            {
                File.Delete(path);
                continue;
            }

            var pid = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
            if (pid != Environment.ProcessId && IsAlive(pid))
            {
                continue;
            }

            var state = (RunState)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6));
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
            if (state == RunState.Running && length >= 0 && HeaderSize + length <= bytes.Length)
            {
                lost.Add(new LostRun(bytes.AsSpan(HeaderSize, length).ToArray(), pid, path));
            }
            else
            {
                File.Delete(path);
            }
        }

        return lost;
    }

    /// <summary>Deletes a record whose lost input has been saved.</summary>
    public static void Discard(LostRun run) => File.Delete(run.RecordPath);

    /// <summary>Records the input and marks a run as begun.</summary>
    public void Begin(byte[] buffer, int length)
    {
        var n = Math.Min(length, capacity);
        new ReadOnlySpan<byte>(buffer, 0, n).CopyTo(new Span<byte>(header + HeaderSize, capacity));
        *(int*)(header + 12) = n;
        *(long*)(header + 16) += 1;
        Volatile.Write(ref *(ushort*)(header + 6), (ushort)RunState.Running);
    }

    /// <summary>Marks the run as ended.</summary>
    public void End() => Volatile.Write(ref *(ushort*)(header + 6), (ushort)RunState.Idle);

    /// <summary>Marks the current run as stopped by the watchdog; call once its input is saved.</summary>
    public void MarkTimedOut() => Volatile.Write(ref *(ushort*)(header + 6), (ushort)RunState.TimedOut);

    /// <summary>A copy of the input of the current (or last) run.</summary>
    public byte[] Snapshot() => new ReadOnlySpan<byte>(header + HeaderSize, Volatile.Read(ref *(int*)(header + 12))).ToArray();

    /// <summary>Unmaps and deletes the record: a clean end leaves nothing to recover.</summary>
    public void Dispose()
    {
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        file.Dispose();
        File.Delete(Path);
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>An input that was running when its process died.</summary>
/// <param name="Input">The input.</param>
/// <param name="Pid">The process that died.</param>
/// <param name="RecordPath">The in-flight record it came from.</param>
internal sealed record LostRun(byte[] Input, int Pid, string RecordPath);
