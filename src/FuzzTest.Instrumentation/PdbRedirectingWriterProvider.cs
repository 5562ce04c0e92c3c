using Mono.Cecil;
using Mono.Cecil.Cil;

namespace FuzzTest.Instrumentation;

/// <summary>
/// Writes the portable PDB into a stream of our choosing (the temporary file beside the target)
/// while the DLL's CodeView entry names the PDB the way the compiler did.
/// </summary>
/// <remarks>
/// Cecil records the full path of the stream it wrote the PDB to. The runtime finds a PDB for
/// stack traces by taking the file name of that path and looking beside the DLL, so the
/// temporary file's name must not leak into the image.
/// </remarks>
internal sealed class PdbRedirectingWriterProvider(Stream pdbStream, string codeViewPath) : ISymbolWriterProvider
{
    private readonly PortablePdbWriterProvider inner = new();

    /// <inheritdoc />
    public ISymbolWriter GetSymbolWriter(ModuleDefinition module, string fileName) =>
        new CodeViewPathWriter(inner.GetSymbolWriter(module, pdbStream), codeViewPath);

    /// <inheritdoc />
    public ISymbolWriter GetSymbolWriter(ModuleDefinition module, Stream symbolStream) =>
        new CodeViewPathWriter(inner.GetSymbolWriter(module, pdbStream), codeViewPath);
}
