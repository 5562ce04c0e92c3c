using System.Diagnostics;
using System.Globalization;

namespace FuzzTest.Workers;

/// <summary>
/// libFuzzer's -rss_limit_mb for workers: the GC heap limit turns managed allocation past
/// <c>FUZZTEST_MEMORY_LIMIT_MB</c> into an OutOfMemoryException with a stack, but native memory
/// (AllocHGlobal, native libraries) escapes it. A worker whose resident memory grows well past
/// the limit is stopped before the machine's OOM killer picks a victim.
/// </summary>
internal sealed class MemoryWatch(int limitMb)
{
    /// <summary>
    /// Resident memory allowed over the GC heap limit before the worker is stopped, in MiB, at
    /// least: the runtime, JIT code and the counters need room, and a managed out-of-memory,
    /// which has a stack, should come first. A quarter of the limit when that is more.
    /// </summary>
    public const int Headroom = 256;

    private static readonly long Interval = Stopwatch.Frequency / 5;
    private static readonly long PageSize = Environment.SystemPageSize;

    private long next;

    /// <summary>The resident limit in MiB, or 0 when memory is not watched.</summary>
    public long LimitMb { get; } = limitMb == 0 ? 0 : limitMb + Math.Max(limitMb / 4, Headroom);

    /// <summary>True (at most five times a second) when <paramref name="w"/> holds more than <see cref="LimitMb"/>.</summary>
    public bool IsOver(WorkerProcess w, out long residentMb)
    {
        residentMb = 0;
        if (LimitMb == 0 || Stopwatch.GetTimestamp() < next)
        {
            return false;
        }

        next = Stopwatch.GetTimestamp() + Interval;
        residentMb = ResidentBytes(w.Pid) >> 20;
        return residentMb > LimitMb;
    }

    // /proc/<pid>/statm: size, resident, shared, … in pages. Elsewhere the working set.
    private static long ResidentBytes(int pid)
    {
        try
        {
            var statm = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return long.Parse(statm[1], CultureInfo.InvariantCulture) * PageSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return process.WorkingSet64;
            }
            catch (ArgumentException)
            {
                return 0;
            }
        }
    }
}
