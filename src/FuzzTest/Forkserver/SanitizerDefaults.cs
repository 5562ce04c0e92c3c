namespace FuzzTest.Forkserver;

/// <summary>
/// The sanitizer settings a target gets: afl-fuzz's, so that a sanitizer's finding ends the child
/// with a signal (a crash, not an exit code the fuzzer would take for a normal run) and a run is
/// not slowed by work only a report needs. Options the user set (in the test process's
/// environment or the program's) win one by one; the one that makes a finding a crash is required.
/// </summary>
internal static class SanitizerDefaults
{
    // abort_on_error: report by SIGABRT; symbolize=0: symbolizing costs milliseconds per report
    // and the stack addresses are still printed; detect_leaks=0: LeakSanitizer runs at exit,
    // which a forkserver child seldom reaches, and would turn every leak into a crash;
    // handle_*=0: a plain SIGSEGV stays a SIGSEGV; allocator_may_return_null: a huge malloc
    // from fuzzed lengths is the target's to handle, not a sanitizer abort.
    private const string Common = "abort_on_error=1:symbolize=0:allocator_may_return_null=1:malloc_context_size=0:" +
        "handle_segv=0:handle_sigbus=0:handle_abort=0:handle_sigfpe=0:handle_sigill=0";

    private const string Abort = "abort_on_error";

    private static readonly Dictionary<string, string> Defaults = new()
    {
        ["ASAN_OPTIONS"] = Common + ":detect_leaks=0:detect_odr_violation=0",
        ["UBSAN_OPTIONS"] = Common + ":halt_on_error=1",
        ["MSAN_OPTIONS"] = Common,
    };

    /// <summary>
    /// Each sanitizer variable: the defaults with the options of <paramref name="user"/> (the
    /// value the user set, or null) applied over them.
    /// </summary>
    /// <exception cref="ForkserverException">A user's options turn <c>abort_on_error</c> off: findings would pass as normal runs.</exception>
    public static IEnumerable<KeyValuePair<string, string>> For(Func<string, string?> user)
    {
        foreach (var (variable, defaults) in Defaults)
        {
            var options = Parse(defaults);
            foreach (var (key, value) in Parse(user(variable) ?? ""))
            {
                options[key] = value;
            }

            if (options[Abort] is not ("1" or "true"))
            {
                throw new ForkserverException(
                    $"{variable} sets {Abort}={options[Abort]}: a sanitizer's finding would then end the program with an exit code, which counts as a normal run. " +
                    $"Remove {Abort} from {variable} (FuzzTest sets {Abort}=1, as afl-fuzz requires)");
            }

            yield return new(variable, string.Join(':', options.Select(o => $"{o.Key}={o.Value}")));
        }
    }

    // "a=1:b=0" (sanitizers also accept spaces and commas between options).
    private static Dictionary<string, string> Parse(string options)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in options.Split([':', ' ', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = option.IndexOf('=');
            if (equals > 0)
            {
                parsed[option[..equals]] = option[(equals + 1)..];
            }
        }

        return parsed;
    }
}
