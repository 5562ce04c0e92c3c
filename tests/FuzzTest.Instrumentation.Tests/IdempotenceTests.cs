namespace FuzzTest.Instrumentation.Tests;

public class IdempotenceTests
{
    [Fact]
    public void InstrumentingTwiceLeavesTheSecondTimeANoOp()
    {
        using var files = TestFiles.CopyOf(TestFiles.OriginalTestTargets);
        var dll = files["FuzzTest.TestTargets.dll"];
        var pdb = files["FuzzTest.TestTargets.pdb"];
        var originalDll = File.ReadAllBytes(dll);
        var originalPdb = File.ReadAllBytes(pdb);
        using var instrumenter = new AssemblyInstrumenter(TestFiles.Runtime);

        var first = instrumenter.Instrument(dll);
        var onceDll = File.ReadAllBytes(dll);
        var oncePdb = File.ReadAllBytes(pdb);
        var second = instrumenter.Instrument(dll);

        Assert.Equal(InstrumentationOutcome.Instrumented, first.Outcome);
        Assert.True(first.ProbeCount > 50);
        Assert.NotEqual(originalDll, onceDll);
        Assert.NotEqual(originalPdb, oncePdb);

        Assert.Equal(InstrumentationOutcome.AlreadyInstrumented, second.Outcome);
        Assert.Equal(onceDll, File.ReadAllBytes(dll));
        Assert.Equal(oncePdb, File.ReadAllBytes(pdb));

        // The temporary files of the atomic write are gone.
        Assert.Equal(2, Directory.GetFiles(files.Directory).Length);
    }

    [Fact]
    public void AnInstrumentedDllBesideAStalePdbIsStillLeftAlone()
    {
        // What an interrupted write can leave: the DLL renamed into place, the PDB not yet.
        using var files = TestFiles.CopyOf(TestFiles.OriginalTestTargets);
        var dll = files["FuzzTest.TestTargets.dll"];
        var pdb = files["FuzzTest.TestTargets.pdb"];
        var originalPdb = File.ReadAllBytes(pdb);
        using var instrumenter = new AssemblyInstrumenter(TestFiles.Runtime);
        Assert.Equal(InstrumentationOutcome.Instrumented, instrumenter.Instrument(dll).Outcome);
        File.WriteAllBytes(pdb, originalPdb);

        Assert.Equal(InstrumentationOutcome.AlreadyInstrumented, instrumenter.Instrument(dll).Outcome);
    }

    [Fact]
    public void TheSameInputGivesTheSameProbes()
    {
        using var a = TestFiles.CopyOf(TestFiles.OriginalTestTargets);
        using var b = TestFiles.CopyOf(TestFiles.OriginalTestTargets);
        using var instrumenter = new AssemblyInstrumenter(TestFiles.Runtime);

        var first = instrumenter.Instrument(a["FuzzTest.TestTargets.dll"]);
        var second = instrumenter.Instrument(b["FuzzTest.TestTargets.dll"]);

        Assert.True(first.ProbeCount > 0);
        Assert.Equal(first.ProbeCount, second.ProbeCount);
        Assert.Equal(first.DictionaryTokenCount, second.DictionaryTokenCount);
    }
}
