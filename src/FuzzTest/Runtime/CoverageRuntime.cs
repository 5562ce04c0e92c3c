using System.ComponentModel;
using System.Runtime.InteropServices;

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
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class CoverageRuntime
{
    /// <summary>Bytes reserved for counters: 16 MiB of lazily committed zero pages (16 M probes).</summary>
    public const int Capacity = 16 << 20;

    private static readonly object Gate = new();
    private static readonly List<RegisteredModule> Modules = [];
    private static byte* region;
    private static int used;

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
            if (used + probeCount > Capacity)
            {
                throw new InvalidOperationException(
                    $"FuzzTest: instrumented code needs more than {Capacity} coverage counters " +
                    $"(module {type.Module.Name} asks for {probeCount}). Instrument fewer assemblies.");
            }

            var offset = used;
            Modules.Add(new RegisteredModule(type.Assembly, offset, probeCount));
            Volatile.Write(ref used, used + probeCount);
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
            if (region == null)
            {
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
