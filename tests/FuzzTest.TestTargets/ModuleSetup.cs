using System.Runtime.CompilerServices;

namespace FuzzTest.TestTargets;

/// <summary>
/// A C# module initializer: the compiler puts a call to it in &lt;Module&gt;..cctor, the method that
/// instrumentation prepends its registration to. Its own probes must already find the counters.
/// </summary>
public static class ModuleSetup
{
    /// <summary>The value <see cref="Initialize"/> computed, or 0 if it never ran.</summary>
    public static int Seed { get; private set; }

#pragma warning disable CA2255 // A library module initializer is the point of this test target.
    [ModuleInitializer]
    internal static void Initialize()
#pragma warning restore CA2255
    {
        Seed = Environment.ProcessorCount > 0 ? 17 : 19;
    }
}
