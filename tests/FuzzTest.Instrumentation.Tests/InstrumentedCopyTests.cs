using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace FuzzTest.Instrumentation.Tests;

public class InstrumentedCopyTests
{
    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public async Task AnInstrumentedCopyLoadsRunsAndCounts()
    {
        using var files = TestFiles.CopyOf(TestFiles.OriginalTestTargets);
        var dll = files["FuzzTest.TestTargets.dll"];
        using (var instrumenter = new AssemblyInstrumenter(TestFiles.Runtime))
        {
            Assert.Equal(InstrumentationOutcome.Instrumented, instrumenter.Instrument(dll).Outcome);
        }

        var context = new AssemblyLoadContext("instrumented-copy", isCollectible: true);
        try
        {
            var copy = context.LoadFromAssemblyPath(dll);
            var classify = copy.GetType("FuzzTest.TestTargets.PathClassifier", throwOnError: true)!.GetMethod("Classify")!;
            foreach (var x in new[] { -5, 0, 3, 6, 7, 100 })
            {
                var lit = Coverage.Hits(copy, () =>
                    Assert.Equal(TestTargets.PathClassifier.Classify(x), (int)classify.Invoke(null, [x])!));
                Assert.NotEmpty(lit);
            }

            var shapes = copy.GetType("FuzzTest.TestTargets.Shapes", throwOnError: true)!;
            var sum = (Task<int>)shapes.GetMethod("SumAsync")!.Invoke(null, [5])!;
            Assert.Equal(await TestTargets.Shapes.SumAsync(5), await sum);
            Assert.Equal("overflow", shapes.GetMethod("Describe")!.Invoke(null, [-1_000_000]));
            Assert.Equal("positive:5000000", shapes.GetMethod("Describe")!.Invoke(null, [5]));
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void EveryMethodOfTheInstrumentedCopyCompiles()
    {
        using var files = TestFiles.CopyOf(TestFiles.OriginalTestTargets);
        var dll = files["FuzzTest.TestTargets.dll"];
        using (var instrumenter = new AssemblyInstrumenter(TestFiles.Runtime))
        {
            instrumenter.Instrument(dll);
        }

        var context = new AssemblyLoadContext("jit-check", isCollectible: true);
        try
        {
            var copy = context.LoadFromAssemblyPath(dll);
            Assert.NotNull(copy.GetType(InstrumentationContract.MarkerTypeName));
            var compiled = 0;
            foreach (var type in copy.GetTypes())
            {
                foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
                {
                    if (method.GetMethodBody() is null)
                    {
                        continue;
                    }

                    RuntimeHelpers.PrepareMethod(method.MethodHandle, Instantiation(type, method));
                    compiled++;
                }
            }

            Assert.True(compiled > 30, $"only {compiled} methods compiled");
        }
        finally
        {
            context.Unload();
        }
    }

    // PrepareMethod compiles generic code for a given instantiation; int satisfies every
    // constraint TestTargets uses.
    private static RuntimeTypeHandle[]? Instantiation(Type type, MethodBase method)
    {
        var count = type.GetGenericArguments().Length + (method.IsGenericMethodDefinition ? method.GetGenericArguments().Length : 0);
        return count == 0 ? null : Enumerable.Repeat(typeof(int).TypeHandle, count).ToArray();
    }
}
