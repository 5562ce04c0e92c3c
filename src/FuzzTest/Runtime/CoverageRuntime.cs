using System.ComponentModel;
using System.Runtime.InteropServices;
using FuzzTest.Workers;

namespace FuzzTest.Runtime;

/// <summary>
/// Owns the coverage counters that instrumented assemblies increment. Implementation detail:
/// public only because the IL that FuzzTest.Instrumentation writes calls it.
/// </summary>
/// <remarks>
/// Every instrumented module calls <see cref="Register"/> from its module initializer, which
/// the runtime runs before any other code of that module, so the pointer a probe increments is
/// valid from the first instruction. Each module receives its own dense slice of one region
/// (collision-free: one byte per probe), so the whole map is <see cref="UsedLength"/> bytes.
/// In a worker process (<see cref="WorkerMapVariable"/> set) the region is the counter area of the
/// map shared with the fuzzing parent, so the parent reads the counters without a copy and still
/// has them after the worker crashed.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class CoverageRuntime
{
    /// <summary>
    /// Bytes reserved for counters outside a worker: 16 MiB of lazily committed zero pages (16 M
    /// probes). A worker uses the capacity of its map instead.
    /// </summary>
    public const int Capacity = 16 << 20;

    /// <summary>
    /// Environment variable through which the parent hands a worker the path of its
    /// <see cref="Workers.WorkerMap"/>.
    /// </summary>
    internal const string WorkerMapVariable = "FUZZTEST_WORKER_MAP";

    private static readonly object Gate = new();
    private static readonly List<RegisteredModule> Modules = [];
    private static byte* region;
    private static int capacity;
    private static int used;
    private static WorkerMap? workerMap;

    /// <summary>Start of the counter region (never null once any module registered).</summary>
    public static byte* Region
    {
        get
        {
            EnsureRegion();
            return region;
        }
    }

    /// <summary>Number of counter bytes handed out so far; the map to scan is [0, UsedLength).</summary>
    public static int UsedLength => Volatile.Read(ref used);

    /// <summary>
    /// Reserves <paramref name="probeCount"/> counters for the module that declares
    /// <paramref name="markerType"/> and returns a pointer to the first one.
    /// </summary>
    /// <param name="markerType">The type that instrumentation injected into the module.</param>
    /// <param name="probeCount">How many probes that module holds.</param>
    /// <returns>A pointer to <paramref name="probeCount"/> zeroed counter bytes.</returns>
    public static byte* Register(RuntimeTypeHandle markerType, int probeCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(probeCount);
        lock (Gate)
        {
            EnsureRegion();
            var type = Type.GetTypeFromHandle(markerType)
                ?? throw new ArgumentException("The marker type handle does not resolve.", nameof(markerType));
            // Subtracting cannot overflow where "used + probeCount" could.
            if (probeCount > capacity - used)
            {
                throw new InvalidOperationException(
                    $"FuzzTest: instrumented code needs more than {capacity} coverage counters " +
                    $"(module {type.Module.Name} asks for {probeCount}). Instrument fewer assemblies.");
            }

            var offset = used;
            Modules.Add(new RegisteredModule(type.Assembly, offset, probeCount));
            Volatile.Write(ref used, used + probeCount);

            // The parent scans only the published prefix of the shared counters.
            if (workerMap is not null)
            {
                workerMap.CountersUsed = used;
            }

            return region + offset;
        }
    }

    /// <summary>The instrumented modules registered so far, in registration order.</summary>
    internal static IReadOnlyList<RegisteredModule> RegisteredModules
    {
        get
        {
            lock (Gate)
            {
                return [.. Modules];
            }
        }
    }

    /// <summary>
    /// The map shared with the fuzzing parent when this process is a worker (the environment
    /// variable <see cref="WorkerMapVariable"/> names it); null otherwise.
    /// </summary>
    internal static WorkerMap? WorkerMap
    {
        get
        {
            // The map is attached with the region; a worker asking before any instrumented module
            // registered must still get it.
            EnsureRegion();
            lock (Gate)
            {
                return workerMap;
            }
        }
    }

    /// <summary>The counters as a span over [0, UsedLength).</summary>
    internal static Span<byte> Counters => new(Region, UsedLength);

    private static void EnsureRegion()
    {
        if (region != null)
        {
            return;
        }

        lock (Gate)
        {
            if (region != null)
            {
                return;
            }

            // Read once, when the region is first needed: the parent sets it before it starts the
            // worker. A worker whose map cannot be attached fails loudly (Attach throws) rather than
            // fall back to private counters the parent would never see.
            var mapPath = Environment.GetEnvironmentVariable(WorkerMapVariable);
            if (!string.IsNullOrEmpty(mapPath))
            {
                var map = Workers.WorkerMap.Attach(mapPath);
                map.CountersUsed = used;
                workerMap = map;
                capacity = map.CounterCapacity;
                region = map.Counters;
            }
            else
            {
                capacity = Capacity;
                region = (byte*)NativeMemory.AllocZeroed(Capacity);
            }
        }
    }
}

/// <summary>One instrumented module and its slice of the counter region.</summary>
/// <param name="Assembly">The instrumented assembly.</param>
/// <param name="Offset">Index of its first counter in the region.</param>
/// <param name="Count">Number of counters (probes) it owns.</param>
internal sealed record RegisteredModule(System.Reflection.Assembly Assembly, int Offset, int Count);
