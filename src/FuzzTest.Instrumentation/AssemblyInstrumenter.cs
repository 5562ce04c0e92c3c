using System.Diagnostics;
using System.Runtime.InteropServices;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace FuzzTest.Instrumentation;

/// <summary>
/// Rewrites an assembly in place so that its code counts coverage into FuzzTest's counters:
/// one dense, collision-free 8-bit counter per probe, registered with the runtime by a module
/// initializer. Keeps the PDB in step, strips ReadyToRun code, and collects the module's
/// comparison constants into a dictionary resource.
/// </summary>
internal sealed class AssemblyInstrumenter : IDisposable
{
    private const string ReferenceAssemblyAttribute = "System.Runtime.CompilerServices.ReferenceAssemblyAttribute";

    // ReadyToRun machine XOR values: Windows, Apple, FreeBSD, Linux, NetBSD, SunOS.
    private static readonly ushort[] ReadyToRunOsTags = [0, 0x4644, 0xADC4, 0x7B79, 0x1993, 0x1992];

    // The machines ReadyToRun code is compiled for; no two (machine, tag) pairs collide.
    private static readonly TargetArchitecture[] ReadyToRunMachines =
        [TargetArchitecture.I386, TargetArchitecture.AMD64, TargetArchitecture.ARM, TargetArchitecture.ARMv7, TargetArchitecture.ARM64];

    private readonly CoverageRuntimeReference runtime;

    /// <summary>Prepares to instrument against the given FuzzTest.dll.</summary>
    /// <param name="runtimeAssemblyPath">The FuzzTest.dll whose <c>CoverageRuntime.Register</c> instrumented code calls.</param>
    /// <exception cref="InstrumentationException">The runtime file is missing or unusable.</exception>
    public AssemblyInstrumenter(string runtimeAssemblyPath)
    {
        runtime = new CoverageRuntimeReference(runtimeAssemblyPath);
    }

    /// <summary>Instruments <paramref name="assemblyPath"/> in place, or leaves it alone when it already is.</summary>
    /// <param name="assemblyPath">An IL-only (or ReadyToRun) .NET assembly.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="InstrumentationException">The assembly cannot be instrumented; the message says why and what to do.</exception>
    public InstrumentationResult Instrument(string assemblyPath)
    {
        var clock = Stopwatch.StartNew();
        var fullPath = Path.GetFullPath(assemblyPath);
        if (!File.Exists(fullPath))
        {
            throw new InstrumentationException("the file does not exist; check the path (and that the build copied it).");
        }

        var image = File.ReadAllBytes(fullPath);
        var facts = ImageFacts.Read(image);
        if (!facts.IsManaged)
        {
            throw new InstrumentationException("not a .NET assembly (no CLI header); only managed assemblies can be instrumented. Remove it from FuzzInstrument.");
        }

        if (!facts.IsILOnly && !facts.IsReadyToRun)
        {
            throw new InstrumentationException(
                "mixed-mode assembly (native code beside IL, e.g. C++/CLI); its native parts cannot be rewritten. " +
                "Exclude it with <FuzzInstrumentExclude Include=\"...\" />.");
        }

        if (facts.IsInstrumented)
        {
            return new InstrumentationResult(fullPath, InstrumentationOutcome.AlreadyInstrumented, 0, 0, clock.Elapsed);
        }

        var pdbPath = Path.ChangeExtension(fullPath, ".pdb");
        var symbols = DetectSymbols(facts, pdbPath);
        using var resolver = CreateResolver(fullPath);
        using var module = ReadModule(image, symbols, pdbPath, resolver);
        Refuse(module);

        var dictionary = new DictionaryCollector();
        dictionary.Collect(module);

        var counters = CoverageInjector.AddMarker(module);
        var inserter = new MethodProbeInserter(counters);
        foreach (var type in module.GetTypes().ToList())
        {
            if (CoverageInjector.IsExcluded(type))
            {
                continue;
            }

            foreach (var method in type.Methods)
            {
                if (method.HasBody)
                {
                    inserter.Instrument(method);
                }
            }
        }

        CoverageInjector.AddModuleInitializer(module, counters, runtime, inserter.ProbeCount);
        module.Resources.Add(new EmbeddedResource(
            InstrumentationContract.DictionaryResourceName, ManifestResourceAttributes.Public, dictionary.Serialize()));
        if (facts.IsReadyToRun)
        {
            MakeILOnly(module);
        }

        var codeViewPath = facts.CodeViewPdbPath is { } recorded
            && string.Equals(PortableFileName(recorded), Path.GetFileName(pdbPath), StringComparison.OrdinalIgnoreCase)
                ? recorded
                : Path.GetFileName(pdbPath);
        AtomicModuleWriter.Write(module, fullPath, symbols, pdbPath, codeViewPath);
        return new InstrumentationResult(
            fullPath, InstrumentationOutcome.Instrumented, inserter.ProbeCount, dictionary.Tokens.Count, clock.Elapsed);
    }

    /// <inheritdoc />
    public void Dispose() => runtime.Dispose();

    private void Refuse(ModuleDefinition module)
    {
        if (module.Assembly?.CustomAttributes.Any(a => a.AttributeType.FullName == ReferenceAssemblyAttribute) == true)
        {
            throw new InstrumentationException(
                "reference assembly (metadata only, its method bodies never run); instrument the implementation " +
                "assembly from the output directory instead.");
        }

        if (module.GetType(CoverageRuntimeReference.RuntimeTypeName) is not null
            || module.Assembly?.Name.Name == runtime.RuntimeAssemblyName)
        {
            throw new InstrumentationException(
                "this is FuzzTest's own runtime, which instrumented code calls; instrumenting it would make it count " +
                "itself. Remove it from FuzzInstrument.");
        }
    }

    private static SymbolKind DetectSymbols(ImageFacts facts, string pdbPath)
    {
        if (File.Exists(pdbPath))
        {
            return SymbolKind.PortablePdbFile;
        }

        return facts.HasEmbeddedPdb ? SymbolKind.Embedded : SymbolKind.None;
    }

    private static DefaultAssemblyResolver CreateResolver(string assemblyPath)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(assemblyPath)!);
        resolver.AddSearchDirectory(RuntimeEnvironment.GetRuntimeDirectory());
        return resolver;
    }

    private static ModuleDefinition ReadModule(byte[] image, SymbolKind symbols, string pdbPath, IAssemblyResolver resolver)
    {
        var parameters = new ReaderParameters(ReadingMode.Deferred)
        {
            AssemblyResolver = resolver,
            InMemory = true,
            ReadSymbols = symbols != SymbolKind.None,
        };
        if (symbols == SymbolKind.PortablePdbFile)
        {
            var pdb = File.ReadAllBytes(pdbPath);
            if (pdb.Length < 4 || pdb[0] != (byte)'B' || pdb[1] != (byte)'S' || pdb[2] != (byte)'J' || pdb[3] != (byte)'B')
            {
                throw new InstrumentationException(
                    $"{Path.GetFileName(pdbPath)} is a Windows PDB, which cannot be rewritten here; build with " +
                    "<DebugType>portable</DebugType> (or embedded) so stack traces keep file and line.");
            }

            parameters.SymbolReaderProvider = new PortablePdbReaderProvider();
            parameters.SymbolStream = new MemoryStream(pdb, writable: false);
        }
        else if (symbols == SymbolKind.Embedded)
        {
            parameters.SymbolReaderProvider = new EmbeddedPortablePdbReaderProvider();
        }

        try
        {
            return ModuleDefinition.ReadModule(new MemoryStream(image, writable: false), parameters);
        }
        catch (SymbolsNotMatchingException)
        {
            throw new InstrumentationException(
                $"{Path.GetFileName(pdbPath)} does not belong to this DLL (a stale copy?); rebuild so both come from the same compilation.");
        }
    }

    // The runtime runs precompiled native code when it is there and ignores the IL; without the
    // native header and IL_LIBRARY flag only the rewritten IL remains. A ReadyToRun machine type
    // is the real one XOR-ed with an OS tag, which an IL-only image must not carry.
    private static void MakeILOnly(ModuleDefinition module)
    {
        module.Attributes = (module.Attributes & ~ModuleAttributes.ILLibrary) | ModuleAttributes.ILOnly;
        var machine = (ushort)module.Architecture;
        foreach (var osTag in ReadyToRunOsTags)
        {
            var candidate = (ushort)(machine ^ osTag);
            if (ReadyToRunMachines.Contains((TargetArchitecture)candidate))
            {
                module.Architecture = (TargetArchitecture)candidate;
                return;
            }
        }
    }

    private static string PortableFileName(string path)
    {
        var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return path[(slash + 1)..];
    }
}
