namespace FuzzTest.Instrumentation.Tests;

/// <summary>Paths of the files the build put beside the tests, and scratch copies of them.</summary>
internal sealed class TestFiles : IDisposable
{
    private TestFiles(string directory) => Directory = directory;

    /// <summary>The uninstrumented TestTargets DLL (its PDB is beside it).</summary>
    public static string OriginalTestTargets => Path.Combine(AppContext.BaseDirectory, "uninstrumented", "FuzzTest.TestTargets.dll");

    /// <summary>The reference assembly the compiler produced for TestTargets.</summary>
    public static string TestTargetsReferenceAssembly => Path.Combine(AppContext.BaseDirectory, "uninstrumented", "ref", "FuzzTest.TestTargets.dll");

    /// <summary>The FuzzTest.dll instrumented code registers with.</summary>
    public static string Runtime => typeof(FuzzTest.Runtime.CoverageRuntime).Assembly.Location;

    /// <summary>The scratch directory.</summary>
    public string Directory { get; }

    /// <summary>A new scratch directory holding copies of <paramref name="files"/> (and their PDBs, when present).</summary>
    public static TestFiles CopyOf(params string[] files)
    {
        var directory = Path.Combine(Path.GetTempPath(), "fuzztest-instr-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        foreach (var file in files)
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
            var pdb = Path.ChangeExtension(file, ".pdb");
            if (File.Exists(pdb))
            {
                File.Copy(pdb, Path.Combine(directory, Path.GetFileName(pdb)));
            }
        }

        return new TestFiles(directory);
    }

    /// <summary>The path of a file in the scratch directory.</summary>
    public string this[string name] => Path.Combine(Directory, name);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A still-loaded (not yet collected) assembly may hold a file open on some systems.
        }
    }
}
