using System.Diagnostics;

namespace FuzzTest.Workers;

/// <summary>
/// Builds the command that starts a worker: <c>dotnet exec</c> of FuzzTest.Worker.dll with the
/// test assembly's runtimeconfig and deps files, so the worker resolves exactly the assemblies
/// the test host does — including the instrumented copies in the output folder.
/// </summary>
internal static class WorkerLauncher
{
    /// <summary>File name of the worker entry assembly, copied beside FuzzTest.dll.</summary>
    public const string WorkerFileName = "FuzzTest.Worker.dll";

    /// <summary>Environment variable: memory limit of a worker in MiB (libFuzzer's -rss_limit_mb); 0 for none.</summary>
    public const string MemoryLimitVariable = "FUZZTEST_MEMORY_LIMIT_MB";

    /// <summary>Default memory limit, as libFuzzer's: a run that needs more is reported as out-of-memory.</summary>
    public const int DefaultMemoryLimitMb = 2048;

    // Profilers and startup hooks that the test host was started with (coverage collectors,
    // blame data collectors) would attach to every worker too and slow it down or break it.
    private static readonly string[] Inherited = ["CORECLR_ENABLE_PROFILING", "CORECLR_PROFILER", "CORECLR_PROFILER_PATH", "DOTNET_STARTUP_HOOKS"];

    /// <summary>The start information of a worker for <paramref name="target"/> that attaches <paramref name="mapPath"/>.</summary>
    /// <exception cref="FileNotFoundException">FuzzTest.Worker.dll is not beside FuzzTest.dll.</exception>
    public static ProcessStartInfo StartInfo(WorkerTarget target, string mapPath)
    {
        var here = Path.GetDirectoryName(typeof(WorkerLauncher).Assembly.Location) ?? AppContext.BaseDirectory;
        var worker = Path.Combine(here, WorkerFileName);
        if (!File.Exists(worker))
        {
            throw new FileNotFoundException(
                $"FuzzTest: {WorkerFileName} is missing from {here}. The isolated executor starts it as a worker process; " +
                "it comes with the FuzzTest test-framework adapter (reference FuzzTest.Xunit, or FuzzTest.Worker directly). " +
                "Or use [Fuzz(Executor = FuzzExecutor.InProcess)] / FUZZTEST_EXECUTOR=inprocess.", worker);
        }

        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Environment.CurrentDirectory,
        };
        info.ArgumentList.Add("exec");
        AddIfExists(info, "--runtimeconfig", Path.ChangeExtension(target.AssemblyPath, ".runtimeconfig.json"), Path.ChangeExtension(worker, ".runtimeconfig.json"));
        AddIfExists(info, "--depsfile", Path.ChangeExtension(target.AssemblyPath, ".deps.json"), Path.ChangeExtension(worker, ".deps.json"));
        info.ArgumentList.Add(worker);
        foreach (var argument in target.ToArguments())
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in Inherited)
        {
            info.Environment.Remove(name);
        }

        info.Environment[Runtime.CoverageRuntime.WorkerMapVariable] = mapPath;

        // A dying worker is expected; a core dump of each would take seconds and fill the disk.
        info.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        if (MemoryLimitMb() is > 0 and var limit)
        {
            // The GC throws OutOfMemoryException past this, so unbounded allocation is a finding
            // with a stack instead of the machine swapping.
            info.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)limit << 20).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        }

        return info;
    }

    /// <summary>The memory limit in MiB from FUZZTEST_MEMORY_LIMIT_MB, else the default.</summary>
    /// <exception cref="FormatException">The variable is not a whole number.</exception>
    public static int MemoryLimitMb()
    {
        var text = Environment.GetEnvironmentVariable(MemoryLimitVariable)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return DefaultMemoryLimitMb;
        }

        return int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var mb) && mb >= 0
            ? mb
            : throw new FormatException($"{MemoryLimitVariable}='{text}' is not a number of MiB. Use e.g. 2048, or 0 for no limit.");
    }

    /// <summary>The dotnet host that runs this process, or the one beside the runtime.</summary>
    public static string DotnetHost()
    {
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } current && Path.GetFileName(current) == exe)
        {
            return current;
        }

        // Set by the dotnet CLI for the processes it starts (dotnet test, MSBuild).
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll → <root>/dotnet
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var root = runtime is null ? null : Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        return root is not null && File.Exists(Path.Combine(root, exe)) ? Path.Combine(root, exe) : exe;
    }

    private static void AddIfExists(ProcessStartInfo info, string option, params string[] candidates)
    {
        if (candidates.FirstOrDefault(File.Exists) is { } path)
        {
            info.ArgumentList.Add(option);
            info.ArgumentList.Add(path);
        }
    }
}
