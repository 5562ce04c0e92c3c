using System.Text;
using Mono.Cecil.Cil;

namespace FuzzTest.Instrumentation;

/// <summary>A symbol writer that passes everything through but the PDB path in the CodeView entry.</summary>
internal sealed class CodeViewPathWriter(ISymbolWriter inner, string codeViewPath) : ISymbolWriter
{
    // "RSDS", a 16-byte GUID and a 4-byte age precede the NUL-terminated UTF-8 path.
    private const int PathOffset = 24;

    /// <inheritdoc />
    public ISymbolReaderProvider GetReaderProvider() => inner.GetReaderProvider();

    /// <inheritdoc />
    public ImageDebugHeader GetDebugHeader()
    {
        var header = inner.GetDebugHeader();
        if (!header.HasEntries)
        {
            return header;
        }

        var entries = header.Entries.Select(Rewrite).ToArray();
        return new ImageDebugHeader(entries);
    }

    /// <inheritdoc />
    public void Write(MethodDebugInformation info) => inner.Write(info);

    /// <inheritdoc />
    public void Write(ICustomDebugInformationProvider provider) => inner.Write(provider);

    /// <inheritdoc />
    public void Write() => inner.Write();

    /// <inheritdoc />
    public void Dispose() => inner.Dispose();

    private ImageDebugHeaderEntry Rewrite(ImageDebugHeaderEntry entry)
    {
        if (entry.Directory.Type != ImageDebugType.CodeView || entry.Data.Length < PathOffset)
        {
            return entry;
        }

        var path = Encoding.UTF8.GetBytes(codeViewPath);
        var data = new byte[PathOffset + path.Length + 1];
        entry.Data.AsSpan(0, PathOffset).CopyTo(data);
        path.CopyTo(data, PathOffset);
        var directory = entry.Directory;
        directory.SizeOfData = data.Length;
        return new ImageDebugHeaderEntry(directory, data);
    }
}
