using System.Reflection.PortableExecutable;

namespace FuzzTest.Instrumentation.Tests;

public class RefusalTests
{
    [Fact]
    public void AReferenceAssemblyIsRefusedAndLeftAlone()
    {
        using var files = TestFiles.CopyOf(TestFiles.TestTargetsReferenceAssembly);
        var dll = files["FuzzTest.TestTargets.dll"];
        var before = File.ReadAllBytes(dll);
        using var instrumenter = new AssemblyInstrumenter(TestFiles.Runtime);

        var error = Assert.Throws<InstrumentationException>(() => instrumenter.Instrument(dll));

        Assert.Contains("reference assembly", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(dll));
    }

    [Fact]
    public void AMixedModeAssemblyIsRefused()
    {
        using var files = TestFiles.CopyOf(TestFiles.OriginalTestTargets);
        var dll = files["FuzzTest.TestTargets.dll"];
        ClearILOnlyFlag(dll);
        using var instrumenter = new AssemblyInstrumenter(TestFiles.Runtime);

        var error = Assert.Throws<InstrumentationException>(() => instrumenter.Instrument(dll));

        Assert.Contains("mixed-mode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRuntimeItselfIsRefused()
    {
        using var files = TestFiles.CopyOf(TestFiles.Runtime);
        using var instrumenter = new AssemblyInstrumenter(TestFiles.Runtime);

        var error = Assert.Throws<InstrumentationException>(() => instrumenter.Instrument(files["FuzzTest.dll"]));

        Assert.Contains("FuzzTest's own runtime", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatIsNotAnAssemblyIsRefused()
    {
        using var files = TestFiles.CopyOf(TestFiles.OriginalTestTargets);
        var path = files["not-an-assembly.dll"];
        File.WriteAllText(path, "just text");
        using var instrumenter = new AssemblyInstrumenter(TestFiles.Runtime);

        var error = Assert.Throws<InstrumentationException>(() => instrumenter.Instrument(path));

        Assert.Contains("not a .NET assembly", error.Message, StringComparison.Ordinal);
    }

    private static void ClearILOnlyFlag(string path)
    {
        int flagsOffset;
        using (var stream = File.OpenRead(path))
        using (var reader = new PEReader(stream))
        {
            // The CLI header: cb (4), runtime version (4), metadata directory (8), then Flags.
            flagsOffset = reader.PEHeaders.CorHeaderStartOffset + 16;
        }

        var image = File.ReadAllBytes(path);
        image[flagsOffset] &= unchecked((byte)~(int)CorFlags.ILOnly);
        File.WriteAllBytes(path, image);
    }
}
