namespace FuzzTest.Instrumentation;

/// <summary>
/// Command line: <c>FuzzTest.Instrumentation --runtime &lt;FuzzTest.dll&gt; &lt;assembly.dll&gt;...</c>.
/// The build (FuzzTest.targets) runs it after copying references to the output directory.
/// </summary>
internal static class Program
{
    // MSBuild turns lines in canonical error format into build errors that point at the file.
    private const string ErrorCode = "FT0001";

    /// <summary>Instruments each assembly given; exits with 1 if any of them failed.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>0 on success, 1 on any error, 2 on a usage error.</returns>
    public static int Main(string[] args)
    {
        if (!TryParse(args, out var runtimePath, out var assemblies))
        {
            Console.Error.WriteLine("usage: FuzzTest.Instrumentation --runtime <path to FuzzTest.dll> <assembly.dll>...");
            return 2;
        }

        AssemblyInstrumenter instrumenter;
        try
        {
            instrumenter = new AssemblyInstrumenter(runtimePath);
        }
        catch (Exception ex)
        {
            ReportError(runtimePath, ex, "check that FuzzTest.dll and Mono.Cecil.dll are in the output directory beside FuzzTest.Instrumentation.dll");
            return 1;
        }

        var failed = false;
        using (instrumenter)
        {
            foreach (var assembly in assemblies)
            {
                failed |= !InstrumentOne(instrumenter, assembly);
            }
        }

        return failed ? 1 : 0;
    }

    private static bool InstrumentOne(AssemblyInstrumenter instrumenter, string assembly)
    {
        var name = Path.GetFileName(assembly);
        try
        {
            var result = instrumenter.Instrument(assembly);
            Console.WriteLine(result.Outcome == InstrumentationOutcome.Instrumented
                ? $"FuzzTest: instrumented {name} ({result.ProbeCount} probes, {result.DictionaryTokenCount} dictionary tokens, {result.Elapsed.TotalMilliseconds:F0} ms)"
                : $"FuzzTest: {name} already instrumented, left as is");
            return true;
        }
        catch (Exception ex)
        {
            ReportError(assembly, ex, "exclude the assembly with <FuzzInstrumentExclude Include=\"...\" /> and report this as a FuzzTest bug");
            return false;
        }
    }

    private static void ReportError(string file, Exception ex, string adviceForUnexpected)
    {
        var what = ex is InstrumentationException
            ? ex.Message
            : $"instrumentation failed ({ex.GetType().Name}: {ex.Message}); {adviceForUnexpected}.";

        // Standard output, so MSBuild's Exec sees the line with the rest of the tool's output.
        Console.WriteLine($"error {ErrorCode}: {Path.GetFullPath(file)}: {Flatten(what)}");
    }

    private static string Flatten(string text) => text.ReplaceLineEndings(" ");

    private static bool TryParse(string[] args, out string runtimePath, out List<string> assemblies)
    {
        runtimePath = string.Empty;
        assemblies = [];
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--runtime" && i + 1 < args.Length)
            {
                runtimePath = args[++i];
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return false;
            }
            else
            {
                assemblies.Add(args[i]);
            }
        }

        return runtimePath.Length > 0 && assemblies.Count > 0;
    }
}
