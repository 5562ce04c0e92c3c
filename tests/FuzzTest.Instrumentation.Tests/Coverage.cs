using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using FuzzTest.Runtime;

namespace FuzzTest.Instrumentation.Tests;

/// <summary>Reads the counter slice that an instrumented assembly registered with <see cref="CoverageRuntime"/>.</summary>
internal static unsafe class Coverage
{
    /// <summary>The slice of <paramref name="assembly"/>, or an exception if it never registered.</summary>
    public static Span<byte> SliceOf(Assembly assembly)
    {
        // Registration happens in the module initializer, which otherwise waits for the first
        // call into the assembly.
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);

        // RegisteredModules is internal to FuzzTest, and FuzzTest does not grant this test
        // project its internals; reflection keeps the engine's surface unchanged.
        var property = typeof(CoverageRuntime).GetProperty("RegisteredModules", BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException("CoverageRuntime.RegisteredModules is gone.");
        foreach (var module in (IEnumerable)property.GetValue(null)!)
        {
            var type = module.GetType();
            if (ReferenceEquals(type.GetProperty("Assembly")!.GetValue(module), assembly))
            {
                var offset = (int)type.GetProperty("Offset")!.GetValue(module)!;
                var count = (int)type.GetProperty("Count")!.GetValue(module)!;
                return new Span<byte>(CoverageRuntime.Region + offset, count);
            }
        }

        throw new InvalidOperationException($"{assembly.GetName().Name} registered no counters: it is not instrumented.");
    }

    /// <summary>Zeroes the slice of <paramref name="assembly"/>, runs <paramref name="action"/>, and returns the counters it lit.</summary>
    public static SortedDictionary<int, byte> Hits(Assembly assembly, Action action)
    {
        SliceOf(assembly).Clear();
        action();
        var slice = SliceOf(assembly);
        var hits = new SortedDictionary<int, byte>();
        for (var i = 0; i < slice.Length; i++)
        {
            if (slice[i] != 0)
            {
                hits[i] = slice[i];
            }
        }

        return hits;
    }
}
