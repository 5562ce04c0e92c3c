using FuzzTest.Findings;
using FuzzTest.Inputs;
using FuzzTest.Sessions;
using FuzzTest.TestTargets;
using FuzzTest.Tests.TestDoubles;
using FuzzTest.Workers;
using Xunit.Abstractions;

namespace FuzzTest.Tests.Workers;

/// <summary>
/// Tests that start worker processes. They run alone: each worker costs a process start, the
/// memory limit one of them sets in this process's environment must not reach the workers of
/// another test, and the leftover-map check counts every map of this process.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkerProcessCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Worker processes";
}

/// <summary>
/// A target that ends its process (stack overflow, FailFast, access violation, an exception on
/// another thread, out of memory) or never returns does not end an isolated session: the death
/// is found, classified, minimized and saved, and a new worker fuzzes on to the run cap.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public class IsolatedSessionTests(ITestOutputHelper output)
{
    private const long Runs = 20_000;

    [Fact]
    public void AStackOverflow_IsFoundClassifiedAndSaved()
    {
        var finding = RunUntilFound(nameof(FatalTargets.StackOverflow), FindingKind.Crash, (byte)'S');

        Assert.StartsWith("StackOverflow", finding.Signature);
        Assert.Contains("stack overflow in FuzzTest.TestTargets.FatalTargets.Recurse", finding.Description);
    }

    [Fact]
    public void FailFast_IsFoundClassifiedAndSaved()
    {
        var finding = RunUntilFound(nameof(FatalTargets.FailFast), FindingKind.Crash, (byte)'E');

        Assert.StartsWith("FailFast", finding.Signature);
        Assert.Contains("Environment.FailFast: planted", finding.Description);
    }

    [Fact]
    public void AnAccessViolation_IsFoundClassifiedAndSaved()
    {
        var finding = RunUntilFound(nameof(FatalTargets.AccessViolation), FindingKind.Crash, (byte)'A');

        Assert.StartsWith("AccessViolation", finding.Signature);
        Assert.Contains("access violation in FuzzTest.TestTargets.FatalTargets.AccessViolation", finding.Description);
    }

    [Fact]
    public void AnExceptionOnABackgroundThread_IsFoundClassifiedAndSaved()
    {
        var finding = RunUntilFound(nameof(FatalTargets.BackgroundThrow), FindingKind.Crash, (byte)'T');

        Assert.StartsWith("UnhandledException System.InvalidOperationException", finding.Signature);
        Assert.Contains("unhandled System.InvalidOperationException on another thread: background", finding.Description);
    }

    [Fact]
    public void UnboundedAllocation_IsFoundAsOutOfMemoryAndSaved()
    {
        // The default limit (2 GiB) would take seconds per run to fill; the worker inherits this
        // process's environment, so a small limit here makes the hoarding run fail fast.
        var before = Environment.GetEnvironmentVariable(WorkerLauncher.MemoryLimitVariable);
        Environment.SetEnvironmentVariable(WorkerLauncher.MemoryLimitVariable, "256");
        try
        {
            var finding = RunUntilFound(nameof(FatalTargets.Hoard), FindingKind.Crash, (byte)'M');

            // The runtime throws OutOfMemoryException (caught in the worker like any exception)
            // or, when it cannot, aborts with "Out of memory."; either way the finding says so.
            Assert.Contains("OutOfMemory", finding.Signature);
            Assert.Matches("OutOfMemoryException|out of memory", finding.Description);
        }
        finally
        {
            Environment.SetEnvironmentVariable(WorkerLauncher.MemoryLimitVariable, before);
        }
    }

    [Fact]
    public void AnEndlessLoop_IsKilledAfterTheTimeoutAndSavedAsATimeout()
    {
        // Each hang costs a whole timeout before the worker is killed, so a short one keeps this quick.
        var finding = RunUntilFound(nameof(FatalTargets.Loop), FindingKind.Timeout, (byte)'L', TimeSpan.FromSeconds(1));

        Assert.Equal("timeout", finding.Signature);
        Assert.Contains("longer than the 1s timeout", finding.Description);
    }

    // Runs an isolated session of the target and checks what must hold whatever the failure: one
    // finding of the expected kind, saved with an input that still fails the same way in a new
    // worker, and a session that went on to the run cap and left no shared maps behind.
    private Finding RunUntilFound(string methodName, FindingKind kind, byte trigger, TimeSpan? timeout = null)
    {
        using var temp = new TempFolder();
        var method = typeof(FatalTargets).GetMethod(methodName)!;
        var worker = WorkerTarget.For<PlainTargetFactory>(method, method.DeclaringType!);
        var lines = new TestOutputSink(output);
        var settings = new FuzzSettings { Patterns = ["*"], Runs = Runs, Seed = 7, Duration = TimeSpan.MaxValue, Executor = FuzzExecutor.Isolated };
        var options = new FuzzOptions { Timeout = timeout ?? FuzzOptions.DefaultTimeout };

        // A stuck session must fail this test, not hang the test run.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var paths = FuzzPaths.At(temp.Path, temp.Path, nameof(FatalTargets), methodName);
        var config = new SessionConfig($"{nameof(FatalTargets)}.{methodName}", NotInProcess, paths, options, settings, lines, f => f, cancel.Token, worker);

        var report = new FuzzSession(config).Run();

        var finding = Assert.Single(report.NewFindings);
        Assert.Equal(kind, finding.Kind);
        Assert.Equal(Runs, report.Executions);
        Assert.Empty(LeftoverMaps());

        Assert.NotNull(finding.SavedPath);
        Assert.Equal(paths.InputsFolder, Path.GetDirectoryName(finding.SavedPath));
        Assert.StartsWith(FindingStore.Prefix(kind), Path.GetFileName(finding.SavedPath));
        var saved = File.ReadAllBytes(finding.SavedPath);
        Assert.Equal(finding.Input, saved);
        Assert.True(saved.Length >= 2 && saved[0] == trigger, $"saved input {Convert.ToHexString(saved)} does not start with the trigger");

        using (var backend = new WorkerBackend(worker, saved.Length, options.Timeout, lines.WriteLine))
        {
            var again = backend.Run(saved);
            Assert.Equal(finding.Signature, again.Signature);
        }

        Assert.Empty(LeftoverMaps());
        return finding;
    }

    // Maps are named after the process that created them; any of ours left behind is a leak.
    internal static string[] LeftoverMaps()
    {
        var folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        return Directory.GetFiles(folder, $"fuzztest-{Environment.ProcessId}-*");
    }

    // The session must run the target in the worker; in this process it would end the test run.
    private static void NotInProcess(byte[] data, int length) =>
        throw new InvalidOperationException("The isolated session ran the target in the test process.");
}
