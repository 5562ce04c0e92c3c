using System.Reflection;
using FuzzTest.Inputs;
using FuzzTest.Runtime;
using FuzzTest.Sessions;
using FuzzTest.Targets;
using FuzzTest.Workers;

namespace FuzzTest.Benchmarks;

/// <summary>
/// Runs the engine's real fuzz session (coverage feedback, havoc, splice, dictionary) on a static
/// target with the executor asked for, exactly as the test adapters do, but with its saved inputs
/// and working corpus in a temp folder of its own.
/// </summary>
internal static class SessionRunner
{
    /// <summary>
    /// Fuzzes <paramref name="method"/> under <paramref name="executor"/> until <paramref name="duration"/>
    /// or <paramref name="runs"/> is spent; the session's status lines go to <paramref name="status"/>
    /// (discarded when null). <paramref name="workers"/> isolated workers fuzz together when more than one.
    /// </summary>
    public static SessionReport Run(MethodInfo method, TimeSpan duration, long? runs, ulong seed, FuzzExecutor executor, IStatusSink? status = null, int workers = 1)
    {
        using var folder = TempFolder.Create("fuzztest-bench-");
        var className = method.DeclaringType!.Name;

        // The executor is always set explicitly: with a worker description and no choice, the
        // session would default to isolated, and the in-process figures must stay in process.
        var config = new SessionConfig(
            $"{className}.{method.Name}",
            FuzzTarget.Bind(method, null).Invoke,
            FuzzPaths.At(folder.Path, folder.Path, className, method.Name),
            new FuzzOptions(),
            new FuzzSettings { Duration = duration, Runs = runs, Seed = seed, Executor = executor, Workers = workers },
            status ?? new NullStatusSink(),
            file => file,
            Worker: WorkerTargetFor(method));
        return new FuzzSession(config).Run();
    }

    /// <summary>How a worker process finds the static <paramref name="method"/>: loaded from its own assembly, bound without a test framework.</summary>
    public static WorkerTarget WorkerTargetFor(MethodInfo method) =>
        WorkerTarget.For<PlainTargetFactory>(method, method.DeclaringType!);

    /// <summary>
    /// True when <paramref name="assembly"/> registered coverage counters, i.e. the build
    /// instrumented it. Ask after an in-process session: a module registers when its code first runs.
    /// </summary>
    public static bool IsInstrumented(Assembly assembly) =>
        CoverageRuntime.RegisteredModules.Any(m => m.Assembly == assembly);

    /// <summary>The error a scenario reports when its target runs without coverage feedback.</summary>
    public static string NotInstrumented(Assembly assembly) =>
        $"{assembly.GetName().Name} was not instrumented, so the fuzzer has no coverage feedback and the figures would mean nothing. " +
        "Rebuild tests/FuzzTest.Benchmarks (the FuzzTest build step instruments its references) and look for FT000x messages.";
}
