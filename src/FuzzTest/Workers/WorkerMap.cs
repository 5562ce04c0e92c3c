using FuzzTest.Randomness;

namespace FuzzTest.Workers;

/// <summary>
/// The memory shared by the fuzzing parent and one worker process: a header both sides poll, the
/// input of the current run, and the coverage counters the worker's instrumented code increments.
/// Because the parent maps the same pages, it still holds the input, the generator state and the
/// counters after the worker crashed, hung or was killed.
/// </summary>
/// <remarks>
/// <see cref="WorkerMapLayout"/> documents where each field lies.
/// <para>
/// The parent detects a hang by seeing <c>executions</c> stand still while <c>state</c> is running.
/// The state word is written last with a volatile store, so a reader that sees running also sees
/// the input, length and execution count of that run.
/// </para>
/// </remarks>
internal sealed unsafe class WorkerMap : IDisposable
{
    /// <inheritdoc cref="WorkerMapLayout.Magic"/>
    public const uint Magic = WorkerMapLayout.Magic;

    /// <inheritdoc cref="WorkerMapLayout.Version"/>
    public const uint Version = WorkerMapLayout.Version;

    /// <inheritdoc cref="WorkerMapLayout.HeaderSize"/>
    public const int HeaderSize = WorkerMapLayout.HeaderSize;

    private readonly WorkerMapFile mapping;
    private readonly byte* header;
    private readonly byte* inputArea;

    private int disposed;

    private WorkerMap(WorkerMapFile mapping, int inputCapacity, int countersOffset, int counterCapacity)
    {
        this.mapping = mapping;
        InputCapacity = inputCapacity;
        CounterCapacity = counterCapacity;
        header = mapping.Start;
        inputArea = header + HeaderSize;
        Counters = header + countersOffset;
    }

    /// <summary>The backing file (its name may already be unlinked).</summary>
    public string Path => mapping.Path;

    /// <summary>Longest input a run may use.</summary>
    public int InputCapacity { get; }

    /// <summary>Bytes in the counter area.</summary>
    public int CounterCapacity { get; }

    /// <summary>Start of the counter area, <see cref="CounterCapacity"/> bytes, page aligned.</summary>
    public byte* Counters { get; }

    /// <summary>Counter bytes the worker has handed out to instrumented modules.</summary>
    public int CountersUsed
    {
        get => Volatile.Read(ref Field(WorkerMapLayout.CountersUsedOffset));
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, CounterCapacity);
            Volatile.Write(ref Field(WorkerMapLayout.CountersUsedOffset), value);
        }
    }

    /// <summary>The worker's process id, or 0 before a worker attached.</summary>
    public int WorkerPid => Volatile.Read(ref Field(WorkerMapLayout.WorkerPidOffset));

    /// <summary>Runs the worker has begun.</summary>
    public long Executions
    {
        get
        {
            ThrowIfDisposed();
            return Volatile.Read(ref *(long*)(header + WorkerMapLayout.ExecutionsOffset));
        }
    }

    /// <summary>True between <see cref="BeginRun"/> and <see cref="EndRun"/>.</summary>
    public bool IsRunning => Volatile.Read(ref Field(WorkerMapLayout.StateOffset)) == WorkerMapLayout.StateRunning;

    /// <summary>Set by the parent to ask the worker to stop after its current run.</summary>
    public bool StopRequested
    {
        get => Volatile.Read(ref Field(WorkerMapLayout.StopRequestedOffset)) != 0;
        set => Volatile.Write(ref Field(WorkerMapLayout.StopRequestedOffset), value ? 1 : 0);
    }

    /// <summary>Counters the worker's feedback has seen, for status lines.</summary>
    public int Covered
    {
        get => Volatile.Read(ref Field(WorkerMapLayout.CoveredOffset));
        set => Volatile.Write(ref Field(WorkerMapLayout.CoveredOffset), value);
    }

    /// <summary>Entries in the worker's corpus, for status lines.</summary>
    public int CorpusCount
    {
        get => Volatile.Read(ref Field(WorkerMapLayout.CorpusOffset));
        set => Volatile.Write(ref Field(WorkerMapLayout.CorpusOffset), value);
    }

    /// <summary>
    /// The generator state when the run began; continuing from it reproduces the worker's next
    /// choices, so the parent can follow the worker's sequence after it died.
    /// </summary>
    /// <remarks>
    /// The worker writes it at the start of each run, after the mutation that made the run's
    /// input. 32 bytes cannot be written atomically; the parent reads it only when the worker is
    /// dead or hung (not writing), so a torn value is not a concern.
    /// </remarks>
    public Xoshiro256State RandomState
    {
        get
        {
            ThrowIfDisposed();
            return *(Xoshiro256State*)(header + WorkerMapLayout.RandomStateOffset);
        }

        set
        {
            ThrowIfDisposed();
            *(Xoshiro256State*)(header + WorkerMapLayout.RandomStateOffset) = value;
        }
    }

    /// <inheritdoc cref="WorkerMapPath.New"/>
    public static string NewPath() => WorkerMapPath.New();

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
        var size = WorkerMapLayout.Size(inputCapacity, counterCapacity, out var countersOffset);
        var map = new WorkerMap(WorkerMapFile.CreateNew(path, size), inputCapacity, countersOffset, counterCapacity);
        WorkerMapLayout.WriteHeader(map.header, inputCapacity, countersOffset, counterCapacity);
        return map;
    }

    /// <summary>Maps the file the parent created (worker side) and records this process as its worker.</summary>
    /// <param name="path">The map's path, as the parent passed it.</param>
    /// <returns>The map; disposing it leaves the file to the parent.</returns>
    /// <exception cref="InvalidDataException">The file is not a map this version understands.</exception>
    public static WorkerMap Attach(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        int inputCapacity = 0, countersOffset = 0, counterCapacity = 0;
        var mapping = WorkerMapFile.Open(
            path,
            stream => WorkerMapLayout.Validate(path, stream, out inputCapacity, out countersOffset, out counterCapacity));
        var map = new WorkerMap(mapping, inputCapacity, countersOffset, counterCapacity);
        Volatile.Write(ref map.Field(WorkerMapLayout.WorkerPidOffset), Environment.ProcessId);
        return map;
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
        Volatile.Write(ref *(int*)(header + WorkerMapLayout.StateOffset), WorkerMapLayout.StateIdle);
        input.CopyTo(new Span<byte>(inputArea, InputCapacity));
        *(int*)(header + WorkerMapLayout.InputLengthOffset) = input.Length;

        // Only the worker writes the count, but the parent reads it concurrently: a volatile store
        // of a long is atomic on every platform, a plain one is not on 32-bit ones.
        var executions = (long*)(header + WorkerMapLayout.ExecutionsOffset);
        Volatile.Write(ref *executions, *executions + 1);
        Volatile.Write(ref *(int*)(header + WorkerMapLayout.StateOffset), WorkerMapLayout.StateRunning);
    }

    /// <summary>Marks the run as ended.</summary>
    public void EndRun()
    {
        ThrowIfDisposed();
        Volatile.Write(ref *(int*)(header + WorkerMapLayout.StateOffset), WorkerMapLayout.StateIdle);
    }

    /// <summary>A copy of the input of the current (or last) run.</summary>
    /// <returns>The input bytes.</returns>
    public byte[] CurrentInput()
    {
        // The length comes from another process that may have died mid-write: clamp it rather
        // than read outside the input area.
        var length = Math.Clamp(Volatile.Read(ref Field(WorkerMapLayout.InputLengthOffset)), 0, InputCapacity);
        return new ReadOnlySpan<byte>(inputArea, length).ToArray();
    }

    /// <summary>
    /// Removes the file name; mappings (in this and the other process) stay valid. The parent calls
    /// it once the worker has attached, so the file vanishes even if both processes are killed.
    /// Safe to call more than once.
    /// </summary>
    public void Unlink() => mapping.Unlink();

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

        mapping.Dispose();
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
