using FuzzTest.TestTargets;

namespace FuzzTest.Instrumentation.Tests;

public class ModuleInitializerTests
{
    [Fact]
    public void RegistrationRunsBeforeTheUsersModuleInitializer()
    {
        // The user's initializer ran, with probes in it, and did not dereference a null map.
        Assert.Equal(17, ModuleSetup.Seed);

        var slice = Coverage.SliceOf(typeof(ModuleSetup).Assembly);
        Assert.True(slice.Length > 0);
    }

    [Fact]
    public void AnInstrumentedCopyRunsTheUsersModuleInitializerWithCounters()
    {
        using var files = TestFiles.CopyOf(TestFiles.OriginalTestTargets);
        var dll = files["FuzzTest.TestTargets.dll"];
        using (var instrumenter = new AssemblyInstrumenter(TestFiles.Runtime))
        {
            instrumenter.Instrument(dll);
        }

        var context = new System.Runtime.Loader.AssemblyLoadContext("module-initializer", isCollectible: true);
        try
        {
            var copy = context.LoadFromAssemblyPath(dll);
            var slice = Coverage.SliceOf(copy);   // runs <Module>..cctor: registration, then Initialize

            // Initialize's entry probe (and one of its branches) counted during the module initializer.
            Assert.True(slice.ToArray().Count(b => b != 0) >= 2);
            Assert.Equal(17, copy.GetType("FuzzTest.TestTargets.ModuleSetup")!.GetProperty("Seed")!.GetValue(null));
        }
        finally
        {
            context.Unload();
        }
    }
}
