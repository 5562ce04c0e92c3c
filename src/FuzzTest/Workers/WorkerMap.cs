using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using FuzzTest.Randomness;

namespace FuzzTest.Workers;

/// <summary>
/// The memory shared by the fuzzing parent and one worker process: a header both sides poll, the
/// input of the current run, and the coverage counters the worker's instrumented code increments.
/// Because the parent maps the same pages, it still holds the input, the generator state and the
/// counters after the worker crashed, hung or was killed.
/// </summary>
/// <remarks>
/// Layout (little-endian; all fields naturally aligned):
/// <code>
/// offset size field
///      0    4 magic             "FTWM": recognises the file before trusting the rest
///      4    4 version           bumped on any layout change
///      8    4 header size       128
///     12    4 worker pid        written by the worker when it attaches (0 before)
///     16    4 input offset      128
///     20    4 input capacity    longest input a run may use
///     24    4 counters offset   page aligned (4096), after the input area
///     28    4 counters capacity bytes of counters the worker may hand out
///     32    4 counters used     CoverageRuntime.UsedLength, published by the worker
///     36    4 state             0 idle, 1 running (written by the worker)
///     40    4 input length      bytes of the current (or last) run's input
///     44    4 stop requested    the parent writes 1; the worker polls it between runs
///     48    8 executions        runs begun by the worker, counted at the start of each run
///     56   32 random state      Xoshiro256State S0..S3 before the mutation that made the input
///     88    4 covered           counters the worker's feedback has seen (for status)
///     92    4 corpus            entries in the worker's corpus (for status)
///     96   32 reserved          zero
///    128    n input             n = input capacity
///      c    m counters          c = counters offset, m = counters capacity
/// </code>
/// <para>
/// The parent detects a hang by seeing <c>executions</c> stand still while <c>state</c> is running.
/// The state word is written last with a volatile store, so a reader that sees running also sees
/// the input, length and execution count of that run.
/// </para>
/// <para>
/// The counters start on a page boundary so that the pages the worker dirties on every run are
/// never shared with the header the parent polls, and so that they are aligned for vector scans.
/// </para>
/// </remarks>
internal sealed unsafe class WorkerMap : IDisposable
{
    /// <summary>
    /// "FTWM" read as a little-endian uint32: a worker must not interpret an unrelated or stale
    /// file as a map, so it checks this before it trusts any offset in the header.
    /// </summary>
    public const uint Magic = 0x4D575446;

    /// <summary>Layout version written at offset 4.</summary>
    public const uint Version = 1;

    /// <summary>Bytes of header before the input area.</summary>
    public const int HeaderSize = 128;

    /// <summary>Alignment of the counter area: the page size of every supported platform.</summary>
    private const int PageSize = 4096;

    private const int MagicOffset = 0;
    private const int VersionOffset = 4;
    private const int HeaderSizeOffset = 8;
    private const int WorkerPidOffset = 12;
    private const int InputOffsetOffset = 16;
    private const int InputCapacityOffset = 20;
    private const int CountersOffsetOffset = 24;
    private const int CountersCapacityOffset = 28;
    private const int CountersUsedOffset = 32;
    private const int StateOffset = 36;
    private const int InputLengthOffset = 40;
    private const int StopRequestedOffset = 44;
    private const int ExecutionsOffset = 48;
    private const int RandomStateOffset = 56;
    private const int CoveredOffset = 88;
    private const int CorpusOffset = 92;

    private const int StateIdle = 0;
    private const int StateRunning = 1;

    /// <summary>Per-process counter that makes the names from <see cref="NewPath"/> unique.</summary>
    private static int pathCounter;

    private readonly MemoryMappedFile file;
    private readonly MemoryMappedViewAccessor view;
    private readonly byte* header;
    private readonly byte* inputArea;

    /// <summary>True for the parent: it created the name, so it removes it when done.</summary>
    private readonly bool owner;

    private int unlinked;
    private int disposed;

    private WorkerMap(string path, MemoryMappedFile file, MemoryMappedViewAccessor view, bool owner, int inputCapacity, int countersOffset, int counterCapacity)
    {
        Path = path;
        this.file = file;
        this.view = view;
        this.owner = owner;
        InputCapacity = inputCapacity;
        CounterCapacity = counterCapacity;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);

        // AcquirePointer returns the start of the mapped pages; the accessor's position 0 lies
        // PointerOffset bytes further (non-zero only for views that start off a page boundary).
        header = pointer + view.PointerOffset;
        inputArea = header + HeaderSize;
        Counters = header + countersOffset;
    }

    /// <summary>The backing file (its name may already be unlinked).</summary>
    public string Path { get; }

    /// <summary>Longest input a run may use.</summary>
    public int InputCapacity { get; }

    /// <summary>Bytes in the counter area.</summary>
    public int CounterCapacity { get; }

    /// <summary>Start of the counter area, <see cref="CounterCapacity"/> bytes, page aligned.</summary>
    public byte* Counters { get; }

    /// <summary>Counter bytes the worker has handed out to instrumented modules.</summary>
    public int CountersUsed
    {
        get => Volatile.Read(ref Field(CountersUsedOffset));
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, CounterCapacity);
            Volatile.Write(ref Field(CountersUsedOffset), value);
        }
    }

    /// <summary>The worker's process id, or 0 before a worker attached.</summary>
    public int WorkerPid => Volatile.Read(ref Field(WorkerPidOffset));

    /// <summary>Runs the worker has begun.</summary>
    public long Executions
    {
        get
        {
            ThrowIfDisposed();
            return Volatile.Read(ref *(long*)(header + ExecutionsOffset));
        }
    }

    /// <summary>True between <see cref="BeginRun"/> and <see cref="EndRun"/>.</summary>
    public bool IsRunning => Volatile.Read(ref Field(StateOffset)) == StateRunning;

    /// <summary>Set by the parent to ask the worker to stop after its current run.</summary>
    public bool StopRequested
    {
        get => Volatile.Read(ref Field(StopRequestedOffset)) != 0;
        set => Volatile.Write(ref Field(StopRequestedOffset), value ? 1 : 0);
    }

    /// <summary>Counters the worker's feedback has seen, for status lines.</summary>
    public int Covered
    {
        get => Volatile.Read(ref Field(CoveredOffset));
        set => Volatile.Write(ref Field(CoveredOffset), value);
    }

    /// <summary>Entries in the worker's corpus, for status lines.</summary>
    public int CorpusCount
    {
        get => Volatile.Read(ref Field(CorpusOffset));
        set => Volatile.Write(ref Field(CorpusOffset), value);
    }

    /// <summary>
    /// The worker's generator state before the mutation that made the current input, so the
    /// parent can replay the worker's sequence after it died.
    /// </summary>
    /// <remarks>
    /// 32 bytes cannot be written atomically; the parent reads it only when the worker is dead or
    /// hung (not writing), so a torn value is not a concern.
    /// </remarks>
    public Xoshiro256State RandomState
    {
        get
        {
            ThrowIfDisposed();
            return *(Xoshiro256State*)(header + RandomStateOffset);
        }

        set
        {
            ThrowIfDisposed();
            *(Xoshiro256State*)(header + RandomStateOffset) = value;
        }
    }

    /// <summary>
    /// A fresh, unused path for a map: in /dev/shm where it exists, because that is memory-backed
    /// (tmpfs) and the kernel never writes the counter pages, dirtied on every run, back to a disk.
    /// Elsewhere (macOS, Windows) the temp folder.
    /// </summary>
    /// <returns>A path named <c>fuzztest-&lt;parent pid&gt;-&lt;counter&gt;.map</c>.</returns>
    public static string NewPath()
    {
        var folder = Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
        var counter = Interlocked.Increment(ref pathCounter);
        return System.IO.Path.Combine(folder, $"fuzztest-{Environment.ProcessId}-{counter}.map");
    }

    /// <summary>Creates the map for one worker (parent side). Fails if the file exists.</summary>
    /// <param name="path">Where to create it, usually from <see cref="NewPath"/>.</param>
    /// <param name="inputCapacity">Longest input a run may use.</param>
    /// <param name="counterCapacity">Bytes of coverage counters the worker may use.</param>
    /// <returns>The map; disposing it also removes the file name.</returns>
    public static WorkerMap Create(string path, int inputCapacity, int counterCapacity)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(inputCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(counterCapacity);
        var countersOffset = AlignToPage(HeaderSize + (long)inputCapacity);
        var size = countersOffset + counterCapacity;
        if (size > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(
                nameof(counterCapacity),
                $"A worker map of {inputCapacity} input bytes and {counterCapacity} counters needs {size} bytes; at most {int.MaxValue} are supported.");
        }

        // FileShare.Delete lets Unlink remove the name while the map is open, also on Windows.
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        MemoryMappedFile? file = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            stream.SetLength(size);
            file = MemoryMappedFile.CreateFromFile(stream, null, size, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
            view = file.CreateViewAccessor(0, size, MemoryMappedFileAccess.ReadWrite);
            var map = new WorkerMap(path, file, view, owner: true, inputCapacity, (int)countersOffset, counterCapacity);
            map.Field(VersionOffset) = (int)Version;
            map.Field(HeaderSizeOffset) = HeaderSize;
            map.Field(InputOffsetOffset) = HeaderSize;
            map.Field(InputCapacityOffset) = inputCapacity;
            map.Field(CountersOffsetOffset) = (int)countersOffset;
            map.Field(CountersCapacityOffset) = counterCapacity;

            // The magic goes last: a file that carries it has a complete header.
            Volatile.Write(ref map.Field(MagicOffset), unchecked((int)Magic));
            return map;
        }
        catch
        {
            view?.Dispose();
            if (file is null)
            {
                stream.Dispose();
            }
            else
            {
                file.Dispose();
            }

            File.Delete(path);
            throw;
        }
    }

    /// <summary>Maps the file the parent created (worker side) and records this process as its worker.</summary>
    /// <param name="path">The map's path, as the parent passed it.</param>
    /// <returns>The map; disposing it leaves the file to the parent.</returns>
    /// <exception cref="InvalidDataException">The file is not a map this version understands.</exception>
    public static WorkerMap Attach(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        MemoryMappedFile? file = null;
        try
        {
            var size = ValidateHeader(path, stream, out var inputCapacity, out var countersOffset, out var counterCapacity);
            file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
            var view = file.CreateViewAccessor(0, size, MemoryMappedFileAccess.ReadWrite);
            var map = new WorkerMap(path, file, view, owner: false, inputCapacity, countersOffset, counterCapacity);
            Volatile.Write(ref map.Field(WorkerPidOffset), Environment.ProcessId);
            return map;
        }
        catch
        {
            if (file is null)
            {
                stream.Dispose();
            }
            else
            {
                file.Dispose();
            }

            throw;
        }
    }

    /// <summary>Publishes the input of a run that is about to begin. Does not allocate.</summary>
    /// <param name="input">The input; at most <see cref="InputCapacity"/> bytes.</param>
    /// <exception cref="ArgumentException">The input is longer than <see cref="InputCapacity"/>.</exception>
    public void BeginRun(ReadOnlySpan<byte> input)
    {
        ThrowIfDisposed();
        if (input.Length > InputCapacity)
        {
            throw new ArgumentException(
                $"The input is {input.Length} bytes; the worker map holds at most {InputCapacity}.", nameof(input));
        }

        // If the previous run never ended (it threw past EndRun), the state still says running;
        // clearing it first keeps a reader from pairing that state with a half-copied input.
        Volatile.Write(ref *(int*)(header + StateOffset), StateIdle);
        input.CopyTo(new Span<byte>(inputArea, InputCapacity));
        *(int*)(header + InputLengthOffset) = input.Length;

        // Only the worker writes the count, but the parent reads it concurrently: a volatile store
        // of a long is atomic on every platform, a plain one is not on 32-bit ones.
        var executions = (long*)(header + ExecutionsOffset);
        Volatile.Write(ref *executions, *executions + 1);
        Volatile.Write(ref *(int*)(header + StateOffset), StateRunning);
    }

    /// <summary>Marks the run as ended.</summary>
    public void EndRun()
    {
        ThrowIfDisposed();
        Volatile.Write(ref *(int*)(header + StateOffset), StateIdle);
    }

    /// <summary>A copy of the input of the current (or last) run.</summary>
    /// <returns>The input bytes.</returns>
    public byte[] CurrentInput()
    {
        // The length comes from another process that may have died mid-write: clamp it rather
        // than read outside the input area.
        var length = Math.Clamp(Volatile.Read(ref Field(InputLengthOffset)), 0, InputCapacity);
        return new ReadOnlySpan<byte>(inputArea, length).ToArray();
    }

    /// <summary>
    /// Removes the file name; mappings (in this and the other process) stay valid. The parent calls
    /// it once the worker has attached, so the file vanishes even if both processes are killed.
    /// Safe to call more than once.
    /// </summary>
    public void Unlink()
    {
        // Only the first call deletes: a later file of the same name is not ours to remove.
        if (Interlocked.Exchange(ref unlinked, 1) == 0)
        {
            File.Delete(Path);
        }
    }

    /// <summary>
    /// Unmaps the file. The parent's map also removes the file name, so a map in /dev/shm does not
    /// hold memory after the session; the worker's leaves the name to the parent. Idempotent.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        file.Dispose();
        if (owner)
        {
            Unlink();
        }
    }

    private static long AlignToPage(long value) => (value + PageSize - 1) & ~(long)(PageSize - 1);

    /// <summary>
    /// Reads and checks the header before anything is mapped, so that a foreign, stale or truncated
    /// file fails with a message saying what is wrong instead of an access violation later.
    /// </summary>
    private static int ValidateHeader(string path, FileStream stream, out int inputCapacity, out int countersOffset, out int counterCapacity)
    {
        var length = stream.Length;
        Span<byte> bytes = stackalloc byte[HeaderSize];
        if (length < HeaderSize)
        {
            throw new InvalidDataException(
                $"The worker map {path} is {length} bytes long, shorter than the {HeaderSize}-byte header: it is not a FuzzTest worker map or was not fully created.");
        }

        stream.Position = 0;
        stream.ReadExactly(bytes);
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(bytes[MagicOffset..]);
        if (magic != Magic)
        {
            throw new InvalidDataException(
                $"The worker map {path} starts with 0x{magic:X8} instead of the magic 0x{Magic:X8} (\"FTWM\"): it is not a FuzzTest worker map.");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes[VersionOffset..]);
        if (version != Version)
        {
            throw new InvalidDataException(
                $"The worker map {path} was written by FuzzTest map version {version}; this worker understands version {Version}: the worker and the test host load different FuzzTest versions.");
        }

        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(bytes[HeaderSizeOffset..]);
        if (headerSize != HeaderSize)
        {
            throw new InvalidDataException(
                $"The worker map {path} declares a {headerSize}-byte header; map version {Version} has {HeaderSize} bytes: the file is corrupt.");
        }

        var inputOffset = BinaryPrimitives.ReadUInt32LittleEndian(bytes[InputOffsetOffset..]);
        var inputBytes = BinaryPrimitives.ReadUInt32LittleEndian(bytes[InputCapacityOffset..]);
        var countersAt = BinaryPrimitives.ReadUInt32LittleEndian(bytes[CountersOffsetOffset..]);
        var countersBytes = BinaryPrimitives.ReadUInt32LittleEndian(bytes[CountersCapacityOffset..]);
        var end = (long)countersAt + countersBytes;
        if (inputOffset != HeaderSize || (long)inputOffset + inputBytes > countersAt || countersAt % PageSize != 0 || end > int.MaxValue)
        {
            throw new InvalidDataException(
                $"The worker map {path} has an impossible layout (input at {inputOffset}, {inputBytes} bytes; counters at {countersAt}, {countersBytes} bytes): the file is corrupt.");
        }

        if (length < end)
        {
            throw new InvalidDataException(
                $"The worker map {path} is {length} bytes long but its header describes {end} bytes: the file is truncated.");
        }

        inputCapacity = (int)inputBytes;
        countersOffset = (int)countersAt;
        counterCapacity = (int)countersBytes;
        return (int)end;
    }

    /// <summary>The 32-bit header field at <paramref name="offset"/>.</summary>
    private ref int Field(int offset)
    {
        ThrowIfDisposed();
        return ref *(int*)(header + offset);
    }

    /// <summary>Refuses access after <see cref="Dispose"/>: the pointer would reach unmapped memory and crash the process.</summary>
    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
}
