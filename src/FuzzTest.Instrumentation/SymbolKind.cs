namespace FuzzTest.Instrumentation;

/// <summary>Where an assembly keeps its debug symbols, which decides how they are read and written back.</summary>
internal enum SymbolKind
{
    /// <summary>No symbols: stack traces have no file and line before or after.</summary>
    None,

    /// <summary>A portable PDB file beside the DLL.</summary>
    PortablePdbFile,

    /// <summary>A portable PDB embedded in the DLL's debug directory.</summary>
    Embedded,
}
