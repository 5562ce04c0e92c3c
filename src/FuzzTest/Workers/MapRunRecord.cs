using FuzzTest.Executors;
using FuzzTest.Randomness;

namespace FuzzTest.Workers;

/// <summary>
/// Records each run in the map shared with the parent, with the generator state that led to
/// it, so the parent knows the exact input of a run that killed the worker.
/// </summary>
internal sealed class MapRunRecord(WorkerMap map, Xoshiro256StarStar random) : IRunRecord
{
    /// <inheritdoc />
    public void Begin(byte[] buffer, int length)
    {
        map.RandomState = random.SaveState();
        map.BeginRun(buffer.AsSpan(0, length));
    }

    /// <inheritdoc />
    public void End() => map.EndRun();
}
