using System.Runtime.CompilerServices;
using FuzzTest.Sessions;
using Xunit;
using Xunit.Sdk;

namespace FuzzTest;

/// <summary>
/// Marks a fuzz test: a public method (static or instance) that takes one input as
/// <c>byte[]</c>, <c>ReadOnlySpan&lt;byte&gt;</c>, <c>ReadOnlyMemory&lt;byte&gt;</c>, <c>Stream</c> or
/// <c>string</c> (UTF-8) and returns void or Task. Any exception that escapes it is a failure.
/// A method that takes no parameters and returns an <see cref="AflProgram"/> fuzzes that native
/// program instead; a crash (a signal) or a hang of the program is a failure.
/// </summary>
/// <remarks>
/// In a plain <c>dotnet test</c> the method runs once per file in <c>FuzzInputs/Class/Method/</c>
/// beside the test source, each file its own test case (once on the empty input when there are
/// none). With <c>FUZZTEST_FUZZ=1</c> (or a <c>Class.Method</c> pattern) it is fuzzed with
/// coverage guidance instead, and each failure found is saved into that folder.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
[XunitTestCaseDiscoverer("FuzzTest.Xunit.FuzzDiscoverer", "FuzzTest.Xunit")]
public sealed class FuzzAttribute : FactAttribute
{
    /// <summary>Creates the attribute; the compiler fills in the source file, which locates FuzzInputs.</summary>
    /// <param name="sourceFile">Supplied by the compiler; do not pass it.</param>
    public FuzzAttribute([CallerFilePath] string sourceFile = "")
    {
        SourceFile = sourceFile;
    }

    /// <summary>The test source file, as the compiler saw it.</summary>
    public string SourceFile { get; }

    /// <summary>Largest input the fuzzer generates, in bytes. Default 4096.</summary>
    public int MaxLength { get; set; } = FuzzOptions.DefaultMaxLength;

    /// <summary>
    /// A dictionary file whose tokens the fuzzer splices into inputs (keywords, magic numbers), in
    /// the format afl-fuzz's <c>-x</c> and libFuzzer's <c>-dict=</c> share: <c>kw="value"</c> lines
    /// with <c>\xNN</c> escapes. A relative path is taken from the test's source folder. The
    /// comparison constants of instrumented code are in the dictionary anyway; this adds what
    /// the code does not spell out (a grammar's keywords, a native program's magic values).
    /// </summary>
    public string? Dictionary { get; set; }

    /// <summary>
    /// Where the target runs while fuzzed: <see cref="FuzzExecutor.Default"/> (isolated worker
    /// processes unless <c>FUZZTEST_EXECUTOR</c> says otherwise), <see cref="FuzzExecutor.Isolated"/>
    /// or <see cref="FuzzExecutor.InProcess"/>. Saved crash and timeout inputs replay in a worker
    /// too unless this is InProcess. A native program (<see cref="AflProgram"/>) always runs in
    /// its forkserver's children, whatever this says.
    /// </summary>
    public FuzzExecutor Executor { get; set; }

    /// <summary>
    /// Per-input timeout in milliseconds: a run that takes longer is a hang, saved as
    /// <c>timeout-…</c>. Default 0 means 10 seconds. (This replaces xUnit's whole-test timeout.)
    /// </summary>
    public override int Timeout
    {
        get => base.Timeout;
        set => base.Timeout = value;
    }
}
