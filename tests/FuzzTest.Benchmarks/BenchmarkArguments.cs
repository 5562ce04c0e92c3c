using System.Globalization;

namespace FuzzTest.Benchmarks;

/// <summary>The command line: scenarios in the order given, and the two knobs.</summary>
internal sealed record BenchmarkArguments
{
    /// <summary>Default time of each throughput run (inprocess, libfuzzer, isolated), in seconds.</summary>
    public const double DefaultThroughputSeconds = 10;

    /// <summary>Default per-session time cap of ttf, in seconds.</summary>
    public const double DefaultTimeToFindSeconds = 60;

    /// <summary>Default number of seeds (sessions) of ttf.</summary>
    public const int DefaultSeeds = 5;

    /// <summary>The scenario names, in the order the usage lists them.</summary>
    public static readonly IReadOnlyList<string> Known = ["inprocess", "libfuzzer", "isolated", "restart", "ttf", "llmp", "scaling", "sync-dir", "llmp-idle", "forkserver"];

    /// <summary>What to print when the arguments make no sense (or --help is given).</summary>
    public const string Usage = """
        Usage: dotnet run -c Release --project tests/FuzzTest.Benchmarks -- <scenario>... [--seconds S] [--seeds N] [--target B]

        Scenarios (run in the order given; one JSON object per line on stdout, notes on stderr):
          inprocess   FuzzTest's in-process fuzz loop on the "magic" target for S seconds (default 10)
          libfuzzer   the same target in C under libFuzzer for S seconds (needs clang with libFuzzer's runtime);
                      with inprocess in the same command, also prints ratio/inprocess-vs-libfuzzer
          isolated    the same target with the isolated executor (fuzz loop in a worker process) for S seconds;
                      with inprocess in the same command, also prints ratio/isolated-vs-inprocess;
                      then what restart prints
          restart     only the isolated/restart line: 10 worker starts, each timed to its first completed run,
                      interleaved with 10 bare `dotnet exec`s of the worker as the reference
          llmp        messages per second through an LLMP broker between 2 clients (64 B and 4 KiB payloads) and
                      the one-way latency p50/p99 from one client's send to the other's receive
          scaling     aggregate execs/s on the magic target with 1 isolated worker, then 2 sharing through the
                      LLMP broker, S seconds each, and ratio/scaling-2-vs-1
          sync-dir    testcases per second and delivery latency p50/p99 through an AFL-style sync directory
                      (write + rename, rescan every 1 ms), then the same latency through LLMP with the real
                      broker host and with a pump that spins; prints ratio/sync-dir-vs-llmp
          llmp-idle   CPU time of an idle broker host's pump thread (two clients registered, silent) over 10 s
          forkserver  execs/s of the forkserver executor on each --target binary (built with afl-cc; persistent mode
                      when it uses __AFL_LOOP) for S seconds, then afl-fuzz on the same binary for S seconds, and
                      ratio/forkserver-vs-afl-fuzz/<name> (needs afl++: apt-get install -y afl++)
          ttf         time to find each TinyJson planted bug over N seeds (default 5); each session is
                      capped at 5,000,000 executions and S seconds (default 60)

        Options:
          --seconds S   seconds per throughput run, or the per-session time cap of ttf (a positive number);
                        restart takes no time budget
          --seeds N     number of ttf sessions, seeds 1..N (a positive whole number)
          --target B    an AFL++-instrumented binary for forkserver (repeatable)
          --help        this message
        """;

    /// <summary>Scenarios to run, in order; duplicates run again.</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = [];

    /// <summary>--seconds, or null for each scenario's default.</summary>
    public double? Seconds { get; init; }

    /// <summary>--seeds.</summary>
    public int Seeds { get; init; } = DefaultSeeds;

    /// <summary>--target binaries for the forkserver scenario, in order.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>True when --help (or -h) was given.</summary>
    public bool Help { get; init; }

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(string[] args, out BenchmarkArguments parsed, out string? problem)
    {
        parsed = new BenchmarkArguments();
        problem = null;
        var scenarios = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                parsed = parsed with { Help = true };
                continue;
            }

            if (!arg.StartsWith('-'))
            {
                if (!Known.Contains(arg))
                {
                    problem = $"unknown scenario '{arg}'";
                    return false;
                }

                scenarios.Add(arg);
                continue;
            }

            // Both "--seconds 5" and "--seconds=5".
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            string? value = equals < 0 ? (i + 1 < args.Length ? args[++i] : null) : arg[(equals + 1)..];
            switch (name)
            {
                case "--seconds" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                                      && seconds > 0 && double.IsFinite(seconds):
                    parsed = parsed with { Seconds = seconds };
                    break;
                case "--seeds" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seeds) && seeds > 0:
                    parsed = parsed with { Seeds = seeds };
                    break;
                case "--target" when !string.IsNullOrEmpty(value):
                    parsed = parsed with { Targets = [.. parsed.Targets, value] };
                    break;
                case "--target":
                    problem = "--target needs a path";
                    return false;
                case "--seconds" or "--seeds":
                    problem = $"{name} needs a positive number, got '{value}'";
                    return false;
                default:
                    problem = $"unknown option '{arg}'";
                    return false;
            }
        }

        if (scenarios.Count == 0 && !parsed.Help)
        {
            problem = "no scenario given";
            return false;
        }

        parsed = parsed with { Scenarios = scenarios };
        return true;
    }
}
