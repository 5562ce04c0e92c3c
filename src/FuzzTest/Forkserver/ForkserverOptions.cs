namespace FuzzTest.Forkserver;

/// <summary>How to start and drive an AFL++-instrumented program.</summary>
/// <param name="Target">Path of the program built with afl-cc / afl-clang-fast.</param>
internal sealed record ForkserverOptions(string Target)
{
    /// <summary>The argument that is replaced by the test-case file's path, as in afl-fuzz.</summary>
    public const string FileArgument = AflProgram.InputFile;

    /// <summary>Arguments after the program name; with <see cref="FileArgument"/> among them the input comes as a file, else on stdin.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Longest a single run may take before its child is killed and the run is a hang.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest the target may take to say hello (afl-fuzz allows 10 s), and the forkserver to report a child.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Size of the coverage segment offered to the target; a 4.04c target can describe up to 8 MiB.</summary>
    public int MapSize { get; init; } = AflProtocol.DefaultMapSize;

    /// <summary>
    /// How to run <paramref name="program"/> for the test <paramref name="method"/>: a relative
    /// path is taken from <paramref name="baseDirectory"/> (the test's source folder);
    /// <paramref name="timeout"/> is the test's per-input timeout.
    /// </summary>
    /// <exception cref="ForkserverException">The program does not exist; the message names the method, the path and what to do.</exception>
    public static ForkserverOptions For(AflProgram program, string baseDirectory, TimeSpan timeout, string method)
    {
        var path = System.IO.Path.GetFullPath(program.Path, baseDirectory);
        if (!File.Exists(path))
        {
            var relative = System.IO.Path.IsPathRooted(program.Path) ? "" : $" (the relative path \"{program.Path}\" is taken from the test's source folder {baseDirectory})";
            throw new ForkserverException(
                $"{method} fuzzes the program {path}, which does not exist{relative}. " +
                "Build it with afl-cc or afl-clang-fast (apt-get install -y afl++) before the tests, or correct the path in its AflProgram.");
        }

        return new(path)
        {
            Arguments = program.Arguments,
            Timeout = timeout,
            Environment = new Dictionary<string, string>(program.Environment),
        };
    }

    /// <summary>Extra environment variables for the target (ASAN_OPTIONS…), on top of ours and the protocol's.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
