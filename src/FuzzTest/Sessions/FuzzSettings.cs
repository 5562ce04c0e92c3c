using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FuzzTest.Sessions;

/// <summary>
/// The run-wide settings, read from environment variables so that they reach the test host of
/// any runner (<c>dotnet test</c>, IDEs, CI) unchanged.
/// </summary>
internal sealed record FuzzSettings
{
    /// <summary>Fuzz the methods that match; unset means regression mode. "1", "true", "all" or "*" means every method.</summary>
    public const string FuzzVariable = "FUZZTEST_FUZZ";

    /// <summary>Time budget per fuzzed method: "30s", "2m", "1h", "500ms" or plain seconds.</summary>
    public const string DurationVariable = "FUZZTEST_DURATION";

    /// <summary>Execution budget per fuzzed method (a whole number; "1k", "2m" also accepted).</summary>
    public const string RunsVariable = "FUZZTEST_RUNS";

    /// <summary>Seed of the random choices, for a replayable session.</summary>
    public const string SeedVariable = "FUZZTEST_SEED";

    /// <summary>Environment variable: the executor of methods whose [Fuzz] attribute does not choose one.</summary>
    public const string ExecutorVariable = "FUZZTEST_EXECUTOR";

    /// <summary>Environment variable: worker processes per fuzzed method (isolated executor); default: one per core.</summary>
    public const string WorkersVariable = "FUZZTEST_WORKERS";

    /// <summary>Most workers one session starts: far beyond any machine this runs on, low enough to catch a typo.</summary>
    public const int MaxWorkers = 256;

    /// <summary>The time budget when none is given (Go fuzzing runs until stopped; a test run must end).</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(60);

    private readonly IReadOnlyList<string> patterns = [];
    private readonly Regex[] matchers = [];

    /// <summary>Patterns of <c>Class.Method</c> names to fuzz; empty in regression mode.</summary>
    public IReadOnlyList<string> Patterns
    {
        get => patterns;
        init
        {
            // Compiled with the patterns, so a copy made with "with" never matches stale ones.
            patterns = value;
            matchers = [.. value.Select(p => new Regex("^" + Regex.Escape(p).Replace("\\*", ".*") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))];
        }
    }

    /// <summary>True when any method is to be fuzzed.</summary>
    public bool IsFuzzing => Patterns.Count > 0;

    /// <summary>Time budget per method; unlimited when only an execution cap is given.</summary>
    public TimeSpan Duration { get; init; } = DefaultDuration;

    /// <summary>Execution budget per method, or null for no cap.</summary>
    public long? Runs { get; init; }

    /// <summary>The seed given, or null to draw one (it is then printed, so the session can be replayed).</summary>
    public ulong? Seed { get; init; }

    /// <summary>Reads the settings from the process environment.</summary>
    /// <exception cref="FormatException">A variable has a value that cannot be understood; the message names it and shows valid values.</exception>
    public static FuzzSettings FromEnvironment() => From(Environment.GetEnvironmentVariables());

    /// <summary>Reads the settings from <paramref name="variables"/>.</summary>
    public static FuzzSettings From(IDictionary variables)
    {
        string? Get(string name) => variables[name] is string s && s.Trim().Length > 0 ? s.Trim() : null;

        var fuzz = Get(FuzzVariable);
        var patterns = fuzz switch
        {
            null or "0" => [],
            _ when fuzz.ToLowerInvariant() is "false" or "no" or "off" => [],
            "1" or "*" => ["*"],
            _ when fuzz.ToLowerInvariant() is "true" or "all" or "yes" or "on" => ["*"],
            _ => fuzz.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };

        var runs = Get(RunsVariable) is { } r ? ParseCount(RunsVariable, r) : (long?)null;
        return new FuzzSettings
        {
            Patterns = patterns,

            // An execution cap alone is the whole budget (libFuzzer's -runs, Go's -fuzztime=Nx),
            // so a slow machine cannot cut a capped session short.
            Duration = Get(DurationVariable) is { } d ? ParseDuration(DurationVariable, d) : runs is null ? DefaultDuration : TimeSpan.MaxValue,
            Runs = runs,
            Seed = Get(SeedVariable) is { } s ? ParseSeed(s) : null,
            Executor = Get(ExecutorVariable) is { } e ? ParseExecutor(e) : FuzzExecutor.Default,

            // As libFuzzer's -jobs with -workers and LibAFL's launcher: a core each.
            Workers = Get(WorkersVariable) is { } w ? ParseWorkers(w) : Math.Max(1, Environment.ProcessorCount),
            Share = ShareSettings.From(Get),
        };
    }

    /// <summary>
    /// Worker processes that fuzz each method together, sharing inputs through an LLMP broker
    /// (isolated executor only: in-process fuzzing is one loop). One unless read from the
    /// environment, where it defaults to the number of cores.
    /// </summary>
    public int Workers { get; init; } = 1;

    /// <summary>Sharing beyond the session's own workers: an agreed broker port, links to other machines.</summary>
    public ShareSettings Share { get; init; } = new();

    /// <summary>The executor named by FUZZTEST_EXECUTOR, or Default when it is not set.</summary>
    public FuzzExecutor Executor { get; init; }

    /// <summary>
    /// The executor a method runs under while fuzzed: its attribute's choice, else
    /// FUZZTEST_EXECUTOR, else isolated — it survives every kind of failure at almost the
    /// speed of in-process, because the whole loop runs inside the worker.
    /// </summary>
    public FuzzExecutor ExecutorFor(FuzzExecutor fromAttribute) =>
        fromAttribute != FuzzExecutor.Default ? fromAttribute : Executor != FuzzExecutor.Default ? Executor : FuzzExecutor.Isolated;

    /// <summary>True when <c>Class.Method</c> (or the full name, or the method name) matches a pattern; '*' is a wildcard.</summary>
    public bool Selects(string className, string methodName, string? fullClassName = null)
    {
        return matchers.Any(regex => regex.IsMatch($"{className}.{methodName}") || regex.IsMatch(methodName)
            || (fullClassName is not null && regex.IsMatch($"{fullClassName}.{methodName}")));
    }

    /// <summary>Parses "30s", "2m", "1h", "250ms", "1.5m" or plain seconds.</summary>
    public static TimeSpan ParseDuration(string variable, string text)
    {
        var match = Regex.Match(text, @"^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$", RegexOptions.IgnoreCase);
        if (!match.Success)
        {
            throw new FormatException($"{variable}='{text}' is not a duration. Use a number with a unit, e.g. 30s, 2m, 1h or 500ms.");
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var seconds = value * match.Groups[2].Value.ToLowerInvariant() switch
        {
            "ms" => 0.001,
            "m" => 60,
            "h" => 3600,
            _ => 1,
        };
        if (seconds <= 0 || seconds > TimeSpan.FromDays(365).TotalSeconds)
        {
            throw new FormatException($"{variable}='{text}' is out of range. Use a positive duration of at most a year, e.g. 30s, 2m, 1h.");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static long ParseCount(string variable, string text)
    {
        var match = Regex.Match(text, @"^(\d+)\s*([km])?$", RegexOptions.IgnoreCase);
        if (!match.Success || !long.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new FormatException($"{variable}='{text}' is not a positive number of executions. Use e.g. 100000, 500k or 2m.");
        }

        var scale = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "k" => 1_000L,
            "m" => 1_000_000L,
            _ => 1L,
        };
        return value <= long.MaxValue / scale
            ? value * scale
            : throw new FormatException($"{variable}='{text}' is too large. Use at most {long.MaxValue:N0} executions.");
    }

    private static FuzzExecutor ParseExecutor(string text) => text.ToLowerInvariant() switch
    {
        "inprocess" or "in-process" => FuzzExecutor.InProcess,
        "isolated" => FuzzExecutor.Isolated,
        _ => throw new FormatException($"{ExecutorVariable}='{text}' is not an executor. Use inprocess (fastest start, a fatal failure ends the test run) or isolated (worker processes that survive stack overflows, FailFast and hangs)."),
    };

    private static int ParseWorkers(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxWorkers
            ? n
            : throw new FormatException($"{WorkersVariable}='{text}' is not a number of worker processes. Use a whole number from 1 to {MaxWorkers}, e.g. {Environment.ProcessorCount} (one per core, the default).");

    private static ulong ParseSeed(string text)
    {
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            || (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                && ulong.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out seed)))
        {
            return seed;
        }

        throw new FormatException($"{SeedVariable}='{text}' is not a seed. Use a whole number such as 42 (or hex such as 0x2a), as printed at the start of a session.");
    }
}
