using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace FuzzTest.Instrumentation;

/// <summary>
/// What the PE headers say about an assembly before Cecil touches it. Cecil hides the CLI
/// header details that decide whether rewriting IL can work at all, so they are read here with
/// System.Reflection.Metadata.
/// </summary>
/// <param name="IsManaged">The file has a CLI header (it is a .NET assembly at all).</param>
/// <param name="IsILOnly">The ILONLY flag: no native code the runtime must run.</param>
/// <param name="IsReadyToRun">Precompiled native code is present (a managed native header or the IL_LIBRARY flag).</param>
/// <param name="HasEmbeddedPdb">The debug directory carries an embedded portable PDB.</param>
/// <param name="CodeViewPdbPath">The PDB path the compiler recorded, if any.</param>
/// <param name="IsInstrumented">The marker type is present: FuzzTest instrumented this file before.</param>
internal sealed record ImageFacts(
    bool IsManaged,
    bool IsILOnly,
    bool IsReadyToRun,
    bool HasEmbeddedPdb,
    string? CodeViewPdbPath,
    bool IsInstrumented)
{
    private static readonly ImageFacts NotManaged = new(false, false, false, false, null, false);

    /// <summary>Reads the facts from the bytes of an image.</summary>
    /// <param name="image">The whole file.</param>
    /// <returns>The facts; <see cref="IsManaged"/> is false for native or malformed files.</returns>
    public static ImageFacts Read(byte[] image)
    {
        try
        {
            using var reader = new PEReader(ImmutableArray.Create(image));
            var cor = reader.PEHeaders.CorHeader;
            if (cor is null)
            {
                return NotManaged;
            }

            var readyToRun = cor.ManagedNativeHeaderDirectory.Size != 0
                || (cor.Flags & CorFlags.ILLibrary) != 0;
            var embedded = false;
            string? codeViewPath = null;
            foreach (var entry in reader.ReadDebugDirectory())
            {
                if (entry.Type == DebugDirectoryEntryType.EmbeddedPortablePdb)
                {
                    embedded = true;
                }
                else if (entry.Type == DebugDirectoryEntryType.CodeView && codeViewPath is null)
                {
                    codeViewPath = reader.ReadCodeViewDebugDirectoryData(entry).Path;
                }
            }

            return new ImageFacts(
                true, (cor.Flags & CorFlags.ILOnly) != 0, readyToRun, embedded, codeViewPath, HasMarkerType(reader));
        }
        catch (BadImageFormatException)
        {
            return NotManaged;
        }
    }

    // Checked on the raw metadata so that an already instrumented file is skipped without
    // Cecil reading it, or its PDB (which may be a stale copy after an interrupted write).
    private static bool HasMarkerType(PEReader reader)
    {
        var metadata = reader.GetMetadataReader();
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            if ((type.Namespace.IsNil || metadata.GetString(type.Namespace).Length == 0)
                && metadata.StringComparer.Equals(type.Name, InstrumentationContract.MarkerTypeName))
            {
                return true;
            }
        }

        return false;
    }
}
