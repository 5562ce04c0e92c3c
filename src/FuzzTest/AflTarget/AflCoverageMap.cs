using System.Globalization;
using System.Runtime.InteropServices;
using FuzzTest.Forkserver;

namespace FuzzTest.AflTarget;

/// <summary>
/// afl-fuzz's coverage map (the SysV segment named by <c>__AFL_SHM_ID</c>), filled after each run
/// from the worker's dense counters: counter i becomes map byte i, so afl-fuzz sees exactly the
/// probes FuzzTest's instrumentation placed, one byte each, without hashing or collisions.
/// </summary>
/// <remarks>
/// The size is announced once, in the hello; counters of modules that register later (code the
/// warm-up run did not load) are added onto byte <c>i mod size</c>, so they still count as
/// coverage, at the price of sharing bytes with earlier probes.
/// </remarks>
internal sealed unsafe class AflCoverageMap : IDisposable
{
    // shmctl's IPC_STAT, and where struct shmid_ds keeps shm_segsz on 64-bit Linux (after the
    // 48-byte struct ipc_perm). The segment's real size bounds what we may write.
    private const int IpcStat = 2;
    private const int SegmentSizeOffset = 48;
    private const int ShmIdDsSize = 128;

    private byte* map;

    private AflCoverageMap(byte* map, int segmentSize)
    {
        this.map = map;
        SegmentSize = segmentSize;
    }

    /// <summary>Bytes in afl-fuzz's segment: the largest map size we may announce.</summary>
    public int SegmentSize { get; }

    /// <summary>The size announced in the hello, a multiple of 64 (set once, before the hello).</summary>
    public int Size { get; set; }

    /// <summary>Attaches the segment afl-fuzz exported in <see cref="AflProtocol.ShmIdVariable"/>.</summary>
    /// <exception cref="InvalidOperationException">The variable is missing or names no segment we can attach.</exception>
    public static AflCoverageMap Attach()
    {
        var text = Environment.GetEnvironmentVariable(AflProtocol.ShmIdVariable);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new InvalidOperationException(
                $"{AflProtocol.ShmIdVariable} is not set: this process must be started by afl-fuzz, afl-showmap, afl-tmin or afl-cmin.");
        }

        var address = Libc.ShmAttach(id, 0, 0);
        if (address == -1)
        {
            throw new InvalidOperationException($"cannot attach afl-fuzz's coverage map ({AflProtocol.ShmIdVariable}={id}, errno {Marshal.GetLastPInvokeError()}).");
        }

        var info = stackalloc byte[ShmIdDsSize];
        var size = Libc.ShmControl(id, IpcStat, (nint)info) == 0
            ? (int)Math.Min(*(ulong*)(info + SegmentSizeOffset), int.MaxValue)
            : AflProtocol.DefaultMapSize;
        return new AflCoverageMap((byte*)address, size);
    }

    /// <summary>
    /// Writes one run's counters into the map (afl-fuzz cleared it before the run), then clears
    /// them for the worker's next run.
    /// </summary>
    public void Fill(Span<byte> counters)
    {
        ObjectDisposedException.ThrowIf(map == null, this);
        var target = new Span<byte>(map, Size);
        var direct = Math.Min(counters.Length, Size);
        counters[..direct].CopyTo(target);
        target[direct..].Clear();
        for (var i = direct; i < counters.Length; i++)
        {
            if (counters[i] != 0)
            {
                target[i % Size] += counters[i];
            }
        }

        counters.Clear();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (map != null)
        {
            Libc.ShmDetach((nint)map);
            map = null;
        }
    }
}
