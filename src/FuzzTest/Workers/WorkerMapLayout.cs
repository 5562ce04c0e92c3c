using System.Buffers.Binary;

namespace FuzzTest.Workers;

/// <summary>
/// Where each field of a <see cref="WorkerMap"/> lies: the one description of the layout both the
/// parent (which writes the header) and the worker (which checks it before trusting it) follow.
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
///     56   32 random state      Xoshiro256State S0..S3 when the run began (after the input was made)
///     88    4 covered           counters the worker's feedback has seen (for status)
///     92    4 corpus            entries in the worker's corpus (for status)
///     96   32 reserved          zero
///    128    n input             n = input capacity
///      c    m counters          c = counters offset, m = counters capacity
/// </code>
/// <para>
/// The counters start on a page boundary so that the pages the worker dirties on every run are
/// never shared with the header the parent polls, and so that they are aligned for vector scans.
/// </para>
/// </remarks>
internal static unsafe class WorkerMapLayout
{
    /// <summary>
    /// "FTWM" read as a little-endian uint32: a worker must not interpret an unrelated or stale
    /// file as a map, so it checks this before it trusts any offset in the header.
    /// </summary>
    public const uint Magic = 0x4D575446;

    /// <summary>Layout version written at offset 4; bumped on any layout change.</summary>
    public const uint Version = 1;

    /// <summary>Bytes of header before the input area.</summary>
    public const int HeaderSize = 128;

    /// <summary>Alignment of the counter area: the page size of every supported platform.</summary>
    public const int PageSize = 4096;

    /// <summary>Offset of the worker's process id.</summary>
    public const int WorkerPidOffset = 12;

    /// <summary>Offset of the counter bytes the worker has handed out.</summary>
    public const int CountersUsedOffset = 32;

    /// <summary>Offset of the run state: <see cref="StateIdle"/> or <see cref="StateRunning"/>.</summary>
    public const int StateOffset = 36;

    /// <summary>Offset of the current (or last) run's input length.</summary>
    public const int InputLengthOffset = 40;

    /// <summary>Offset of the parent's stop request.</summary>
    public const int StopRequestedOffset = 44;

    /// <summary>Offset of the 64-bit count of runs begun.</summary>
    public const int ExecutionsOffset = 48;

    /// <summary>Offset of the 32-byte generator state.</summary>
    public const int RandomStateOffset = 56;

    /// <summary>Offset of the count of counters the worker's feedback has seen.</summary>
    public const int CoveredOffset = 88;

    /// <summary>Offset of the count of entries in the worker's corpus.</summary>
    public const int CorpusOffset = 92;

    /// <summary>State value: no run in progress.</summary>
    public const int StateIdle = 0;

    /// <summary>State value: a run is in progress.</summary>
    public const int StateRunning = 1;

    private const int MagicOffset = 0;
    private const int VersionOffset = 4;
    private const int HeaderSizeOffset = 8;
    private const int InputOffsetOffset = 16;
    private const int InputCapacityOffset = 20;
    private const int CountersOffsetOffset = 24;
    private const int CountersCapacityOffset = 28;

    /// <summary>The bytes of a map, and where its counters start (after the input, on a page boundary).</summary>
    /// <param name="inputCapacity">Longest input a run may use.</param>
    /// <param name="counterCapacity">Bytes of coverage counters.</param>
    /// <param name="countersOffset">Where the counter area starts.</param>
    /// <returns>The size of the whole map.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The map would be larger than a file mapping supports.</exception>
    public static int Size(int inputCapacity, int counterCapacity, out int countersOffset)
    {
        var offset = AlignToPage(HeaderSize + (long)inputCapacity);
        var size = offset + counterCapacity;
        if (size > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(
                nameof(counterCapacity),
                $"A worker map of {inputCapacity} input bytes and {counterCapacity} counters needs {size} bytes; at most {int.MaxValue} are supported.");
        }

        countersOffset = (int)offset;
        return (int)size;
    }

    /// <summary>Writes the header of a new map at <paramref name="header"/>, the magic last.</summary>
    /// <param name="header">Start of the mapped file, all zero.</param>
    /// <param name="inputCapacity">Longest input a run may use.</param>
    /// <param name="countersOffset">Where the counter area starts, page aligned.</param>
    /// <param name="counterCapacity">Bytes in the counter area.</param>
    public static void WriteHeader(byte* header, int inputCapacity, int countersOffset, int counterCapacity)
    {
        *(int*)(header + VersionOffset) = (int)Version;
        *(int*)(header + HeaderSizeOffset) = HeaderSize;
        *(int*)(header + InputOffsetOffset) = HeaderSize;
        *(int*)(header + InputCapacityOffset) = inputCapacity;
        *(int*)(header + CountersOffsetOffset) = countersOffset;
        *(int*)(header + CountersCapacityOffset) = counterCapacity;

        // The magic goes last: a file that carries it has a complete header.
        Volatile.Write(ref *(int*)(header + MagicOffset), unchecked((int)Magic));
    }

    /// <summary>
    /// Reads and checks the header before anything is mapped, so that a foreign, stale or truncated
    /// file fails with a message saying what is wrong instead of an access violation later.
    /// </summary>
    /// <param name="path">The map's path, for the messages.</param>
    /// <param name="stream">The open map file.</param>
    /// <param name="inputCapacity">The input capacity the header declares.</param>
    /// <param name="countersOffset">Where the header says the counter area starts.</param>
    /// <param name="counterCapacity">The counter capacity the header declares.</param>
    /// <returns>The bytes the header describes: the size to map.</returns>
    /// <exception cref="InvalidDataException">The file is not a map this version understands.</exception>
    public static int Validate(string path, FileStream stream, out int inputCapacity, out int countersOffset, out int counterCapacity)
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

    /// <summary><paramref name="value"/> rounded up to a multiple of <see cref="PageSize"/>.</summary>
    private static long AlignToPage(long value) => (value + PageSize - 1) & ~(long)(PageSize - 1);
}
