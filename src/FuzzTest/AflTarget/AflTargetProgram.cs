using System.Reflection;

namespace FuzzTest.AflTarget;

/// <summary>
/// <c>FuzzTest.Worker.dll --afl</c>: a [Fuzz] method as an AFL++ forkserver target, so that
/// afl-fuzz, afl-showmap, afl-tmin and afl-cmin work on .NET code with FuzzTest's coverage.
/// </summary>
/// <remarks>
/// Command line (the generated <c>fuzztest-afl</c> script supplies everything up to the name):
/// <code>
/// FuzzTest.Worker.dll --afl --assembly &lt;test assembly&gt; [--factory &lt;type, assembly&gt;] &lt;Class.Method&gt; [&lt;input file&gt;]
/// </code>
/// This process is the "forkserver" afl-fuzz talks to; the method runs in a FuzzTest worker
/// process it starts and replaces (see <see cref="RelayWorker"/>).
/// </remarks>
internal static class AflTargetProgram
{
    /// <summary>The option that selects this mode of FuzzTest.Worker.</summary>
    public const string Option = "--afl";

    /// <summary>Name of the launcher script the build writes beside the test assembly.</summary>
    public const string LauncherName = "fuzztest-afl";

    private const string Prefix = "FuzzTest AFL target: ";

    /// <summary>Runs the relay; returns the process exit code.</summary>
    public static int Main(string[] args)
    {
        try
        {
            var (assemblyPath, factory, name, inputFile) = Parse(args);
            var assembly = Assembly.LoadFrom(assemblyPath);
            var pipes = ControlPipes.Present();
            if (name is null || (!pipes && Environment.GetEnvironmentVariable(Forkserver.AflProtocol.ShmIdVariable) is null))
            {
                Console.Error.WriteLine(Prefix + Usage(assembly, name));
                return 2;
            }

            if (pipes)
            {
                // Before any worker starts, so that none inherits them.
                ControlPipes.KeepFromChildren();
            }

            var target = TargetLookup.Find(assembly, name, factory);
            StaleMaps.Remove();
            using var map = AflCoverageMap.Attach();
            using var worker = new RelayWorker(target, line => Console.Error.WriteLine(Prefix + line));
            if (!pipes)
            {
                // afl-showmap on one input runs its target without a forkserver: one run, then
                // end the way that run ended.
                return RunOnce(worker, map, TestcaseSource.FileOrStandardInput(inputFile));
            }

            using var relay = new ForkserverRelay(worker, map, TestcaseSource.FileOrStandardInput(inputFile), AutoDictionary.Encode(TargetLookup.Dictionary(assembly)));
            relay.Handshake();
            relay.Serve();
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or BadImageFormatException)
        {
            // afl-fuzz shows none of this unless AFL_DEBUG_CHILD=1; run by hand, it is the whole story.
            Console.Error.WriteLine(Prefix + e.Message);
            return 2;
        }
    }

    private static int RunOnce(RelayWorker worker, AflCoverageMap map, TestcaseSource source)
    {
        using (source)
        {
            map.Size = Math.Min(Forkserver.AflProtocol.Align(Math.Max(worker.CountersUsed, 1)), map.SegmentSize);
            var status = worker.Run(source.Read(), map);
            if (status == RelayWorker.Stopped)
            {
                return 0;
            }

            // The caller reads a signal from the wait status, as for any crashing program.
            worker.Dispose();
            Forkserver.Libc.Kill(Environment.ProcessId, status);
            return 128 + status;
        }
    }

    private static (string Assembly, string? Factory, string? Name, string? InputFile) Parse(string[] args)
    {
        string? assembly = null, factory = null;
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case Option:
                    break;
                case "--assembly" when i + 1 < args.Length:
                    assembly = args[++i];
                    break;
                case "--factory" when i + 1 < args.Length:
                    factory = args[++i];
                    break;
                default:
                    positional.Add(args[i]);
                    break;
            }
        }

        if (assembly is null)
        {
            throw new ArgumentException($"--assembly <test assembly> is missing. Start the {LauncherName} script that the build writes beside the test assembly.");
        }

        if (positional.Count > 2)
        {
            throw new ArgumentException($"expected a method name and at most one input file, got: {string.Join(" ", positional)}.");
        }

        return (assembly, factory, positional.ElementAtOrDefault(0), positional.ElementAtOrDefault(1));
    }

    private static string Usage(Assembly assembly, string? name)
    {
        var method = name ?? "TinyJsonFuzz.Parse";
        return (name is null ? "name the [Fuzz] method to run. " : "this runs under AFL++ only (file descriptors 198 and 199 are not open). ") +
            $"{TargetLookup.Listing(assembly)}{Environment.NewLine}" +
            $"  AFL_SKIP_BIN_CHECK=1 afl-fuzz -i <seeds> -o <findings> -- ./{LauncherName} {method}{Environment.NewLine}" +
            $"  AFL_SKIP_BIN_CHECK=1 afl-showmap -o /dev/stdout -- ./{LauncherName} {method} < <input>{Environment.NewLine}" +
            "To run an input without AFL++, use dotnet test (saved inputs run as test cases).";
    }
}
