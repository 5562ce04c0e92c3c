using System.Reflection;
using FuzzTest.Inputs;
using FuzzTest.Runtime;
using FuzzTest.Sessions;
using FuzzTest.Targets;

namespace FuzzTest.Benchmarks;

/// <summary>
/// Runs the engine's real fuzz session (in-process executor, coverage feedback, havoc, splice,
/// dictionary) on a static target, exactly as the test adapters do, but with its saved inputs and
/// working corpus in a temp folder of its own.
/// </summary>
internal static class SessionRunner
{
    /// <summary>Fuzzes <paramref name="method"/> until <paramref name="duration"/> or <paramref name="runs"/> is spent.</summary>
    public static SessionReport Run(MethodInfo method, TimeSpan duration, long? runs, ulong seed)
    {
        using var folder = TempFolder.Create("fuzztest-bench-");
        var className = method.DeclaringType!.Name;
        var config = new SessionConfig(
            $"{className}.{method.Name}",
            FuzzTarget.Bind(method, null).Invoke,
            FuzzPaths.At(folder.Path, folder.Path, className, method.Name),
            new FuzzOptions(),
            new FuzzSettings { Duration = duration, Runs = runs, Seed = seed },
            new NullStatusSink(),
            file => file);
        return new FuzzSession(config).Run();
    }

    /// <summary>
    /// True when <paramref name="assembly"/> registered coverage counters, i.e. the build
    /// instrumented it. Ask after a session: a module registers when its code first runs.
    /// </summary>
    public static bool IsInstrumented(Assembly assembly) =>
        CoverageRuntime.RegisteredModules.Any(m => m.Assembly == assembly);

    /// <summary>The error a scenario reports when its target runs without coverage feedback.</summary>
    public static string NotInstrumented(Assembly assembly) =>
        $"{assembly.GetName().Name} was not instrumented, so the fuzzer has no coverage feedback and the figures would mean nothing. " +
        "Rebuild tests/FuzzTest.Benchmarks (the FuzzTest build step instruments its references) and look for FT000x messages.";
}
