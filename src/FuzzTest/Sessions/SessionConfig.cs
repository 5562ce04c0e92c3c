using FuzzTest.Inputs;
using FuzzTest.Targets;
using FuzzTest.Workers;

namespace FuzzTest.Sessions;

/// <summary>Everything a fuzz session needs, assembled by a test-framework adapter.</summary>
/// <param name="Name">"Class.Method", for messages.</param>
/// <param name="Invoke">Runs the target on bytes.</param>
/// <param name="Paths">Where the method's saved inputs and working state live.</param>
/// <param name="Options">Per-method options from the attribute.</param>
/// <param name="Settings">Run-wide settings (budget, seed).</param>
/// <param name="Status">Where progress lines go.</param>
/// <param name="ReplayCommand">The command that replays one saved file (by file name), for reports.</param>
/// <param name="Cancellation">Ends the session early and cleanly (the test run was cancelled).</param>
/// <param name="Worker">How a worker process finds the method, for the isolated executor; null allows only in-process.</param>
/// <param name="Program">The native program the method fuzzes, when it returns an <see cref="AflProgram"/>; <paramref name="Invoke"/> is then unused.</param>
internal sealed record SessionConfig(
    string Name,
    InputInvoker Invoke,
    FuzzPaths Paths,
    FuzzOptions Options,
    FuzzSettings Settings,
    IStatusSink Status,
    Func<string, string> ReplayCommand,
    CancellationToken Cancellation = default,
    WorkerTarget? Worker = null,
    AflProgram? Program = null);
