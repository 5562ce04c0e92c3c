using System.Diagnostics;

namespace FuzzTest.Workers;

/// <summary>
/// Tells a hung run from a slow worker by looking only at the shared map: a run is hung when
/// the worker is mid-run and its execution counter has not moved for longer than the limit.
/// Costs the worker nothing: it never has to report progress.
/// </summary>
internal sealed class HangWatch
{
    private long executions = -1;
    private long since;

    /// <summary>Starts watching afresh (a new worker, or a new kind of request).</summary>
    public void Reset() => executions = -1;

    /// <summary>True when the run in progress has lasted longer than <paramref name="limit"/>.</summary>
    public bool IsHung(WorkerMap map, TimeSpan limit)
    {
        var now = map.Executions;
        if (now != executions || !map.IsRunning)
        {
            executions = now;
            since = Stopwatch.GetTimestamp();
            return false;
        }

        return Stopwatch.GetElapsedTime(since) > limit;
    }
}
