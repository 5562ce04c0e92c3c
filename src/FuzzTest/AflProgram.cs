namespace FuzzTest;

/// <summary>
/// A native program built with AFL++'s compilers (<c>afl-cc</c>, <c>afl-clang-fast</c>), to be
/// fuzzed like a managed target. Return one from a [Fuzz] method that takes no parameters:
/// <code>
/// [Fuzz(Timeout = 1000)]
/// public AflProgram Parser() => new("native/build/parser", AflProgram.InputFile);
/// </code>
/// The saved inputs beside the test replay through the program (a saved crash fails until the
/// native bug is fixed); in fuzz mode the program's AFL coverage map guides the fuzzer. Each
/// input runs in a child of the program's forkserver, in persistent mode and with shared-memory
/// input when the program was built for them, whatever executor is chosen.
/// </summary>
/// <remarks>
/// A program built into the test's output folder can be named from there:
/// <c>new(Path.Combine(AppContext.BaseDirectory, "parser"))</c>. Variables go in
/// <see cref="Environment"/>: <c>new("parser") { Environment = { ["PARSER_STRICT"] = "1" } }</c>.
/// </remarks>
public sealed class AflProgram
{
    /// <summary>The argument that stands for the file holding the input, as in afl-fuzz; without it the input comes on stdin.</summary>
    public const string InputFile = "@@";

    /// <summary>Describes the program at <paramref name="path"/>, started with <paramref name="arguments"/>.</summary>
    /// <param name="path">The executable; a relative path is taken from the folder of the test's source file (where its FuzzInputs folder is).</param>
    /// <param name="arguments">Its arguments; <see cref="InputFile"/> among them is replaced by the input's file.</param>
    public AflProgram(string path, params string[] arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(arguments);
        Path = path;
        Arguments = [.. arguments];
    }

    /// <summary>The executable, as given.</summary>
    public string Path { get; }

    /// <summary>The arguments after the program's name.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>
    /// Variables added to the program's environment (on top of the test process's). FuzzTest sets
    /// ASAN_OPTIONS, UBSAN_OPTIONS and MSAN_OPTIONS as afl-fuzz does (abort on error, no
    /// symbolizing, no leak check); options given here or in the test process override those one
    /// by one, except that abort_on_error must stay on. AFL's own variables (__AFL_SHM_ID…) are
    /// FuzzTest's to set: overriding them breaks the forkserver.
    /// </summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
