using Mono.Cecil;
using Mono.Cecil.Cil;

namespace FuzzTest.Instrumentation;

/// <summary>
/// Writes a rewritten module over its original file without ever leaving a torn DLL: both the
/// DLL and the PDB go to temporary files beside their targets (same directory, so the same file
/// system) and are then renamed over them.
/// </summary>
internal static class AtomicModuleWriter
{
    /// <summary>Writes <paramref name="module"/> to <paramref name="dllPath"/> (and its PDB).</summary>
    /// <param name="module">The rewritten module, read in memory.</param>
    /// <param name="dllPath">The file it was read from.</param>
    /// <param name="symbols">How the original kept its symbols.</param>
    /// <param name="pdbPath">The PDB file when <paramref name="symbols"/> is <see cref="SymbolKind.PortablePdbFile"/>.</param>
    /// <param name="codeViewPath">The PDB path to record in the DLL (the compiler's, normally).</param>
    public static void Write(ModuleDefinition module, string dllPath, SymbolKind symbols, string pdbPath, string codeViewPath)
    {
        var tempDll = TempPathBeside(dllPath);
        var tempPdb = TempPathBeside(pdbPath);
        try
        {
            using (var dllStream = new FileStream(tempDll, FileMode.CreateNew, FileAccess.ReadWrite))
            using (var pdbStream = symbols == SymbolKind.PortablePdbFile
                ? new FileStream(tempPdb, FileMode.CreateNew, FileAccess.ReadWrite)
                : null)
            {
                var parameters = new WriterParameters
                {
                    WriteSymbols = symbols != SymbolKind.None,
                    SymbolWriterProvider = symbols switch
                    {
                        SymbolKind.PortablePdbFile => new PdbRedirectingWriterProvider(pdbStream!, codeViewPath),
                        SymbolKind.Embedded => new EmbeddedPortablePdbWriterProvider(),
                        _ => null,
                    },
                };
                module.Write(dllStream, parameters);
                dllStream.Flush(flushToDisk: true);
                pdbStream?.Flush(flushToDisk: true);
            }

            // The DLL goes first: a crash between the two renames leaves an instrumented DLL with
            // a stale PDB (lines missing until the next build re-copies both), never a DLL that
            // claims to be instrumented while it is not.
            File.Move(tempDll, dllPath, overwrite: true);
            if (symbols == SymbolKind.PortablePdbFile)
            {
                File.Move(tempPdb, pdbPath, overwrite: true);
            }
        }
        finally
        {
            TryDelete(tempDll);
            TryDelete(tempPdb);
        }
    }

    private static string TempPathBeside(string path) =>
        Path.Combine(
            Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".",
            $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.fuzztest-tmp");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary file is harmless and obviously named.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
