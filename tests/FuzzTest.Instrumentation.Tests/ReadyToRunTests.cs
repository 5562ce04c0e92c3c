using System.Reflection;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;

namespace FuzzTest.Instrumentation.Tests;

public class ReadyToRunTests
{
    private static readonly Machine[] ILOnlyMachines = [Machine.I386, Machine.Amd64, Machine.Arm, Machine.ArmThumb2, Machine.Arm64];

    [Fact]
    public void ReadyToRunCodeIsStrippedSoTheRewrittenILRuns()
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        using var files = TestFiles.CopyOf(Path.Combine(framework, "System.Text.Json.dll"));
        var dll = files["System.Text.Json.dll"];
        var (before, _) = ReadHeaders(dll);
        Assert.NotEqual(0, before.ManagedNativeHeaderDirectory.Size);

        using var instrumenter = new AssemblyInstrumenter(TestFiles.Runtime);
        var result = instrumenter.Instrument(dll);

        Assert.Equal(InstrumentationOutcome.Instrumented, result.Outcome);
        Assert.True(result.ProbeCount > 10_000);
        var (after, machine) = ReadHeaders(dll);
        Assert.Equal(0, after.ManagedNativeHeaderDirectory.Size);
        Assert.True((after.Flags & CorFlags.ILOnly) != 0);
        Assert.True((after.Flags & CorFlags.ILLibrary) == 0);
        Assert.Contains(machine, ILOnlyMachines);

        // Precompiled code would run without touching a counter; the rewritten IL lights them.
        var context = new AssemblyLoadContext("r2r-copy", isCollectible: true);
        try
        {
            var json = context.LoadFromAssemblyPath(dll);
            var lit = Coverage.Hits(json, () => ParseArray(json, "[1,2,3]"));
            Assert.True(lit.Count > 20, $"only {lit.Count} counters lit");
        }
        finally
        {
            context.Unload();
        }
    }

    private static void ParseArray(Assembly json, string text)
    {
        var document = json.GetType("System.Text.Json.JsonDocument", throwOnError: true)!;
        var options = json.GetType("System.Text.Json.JsonDocumentOptions", throwOnError: true)!;
        var parse = document.GetMethod("Parse", [typeof(string), options])!;
        using var parsed = (IDisposable)parse.Invoke(null, [text, Activator.CreateInstance(options)])!;
        var root = document.GetProperty("RootElement")!.GetValue(parsed)!;
        var length = (int)root.GetType().GetMethod("GetArrayLength")!.Invoke(root, null)!;
        Assert.Equal(3, length);
    }

    private static (CorHeader Cor, Machine Machine) ReadHeaders(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        return (reader.PEHeaders.CorHeader!, reader.PEHeaders.CoffHeader.Machine);
    }
}
