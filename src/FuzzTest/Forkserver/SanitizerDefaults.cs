namespace FuzzTest.Forkserver;

/// <summary>
/// Sanitizer settings a target gets unless the user set the variable: the ones afl-fuzz uses,
/// so that a sanitizer's finding ends the child with a signal (a crash, not an exit code the
/// fuzzer would take for a normal run) and a run is not slowed by work only a report needs.
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

    /// <summary>The variables and their default values.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        ["ASAN_OPTIONS"] = Common + ":detect_leaks=0:detect_odr_violation=0",
        ["UBSAN_OPTIONS"] = Common + ":halt_on_error=1",
        ["MSAN_OPTIONS"] = Common,
    };

    /// <summary>The defaults for the variables this process's environment does not set.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Unset() =>
        All.Where(d => string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(d.Key)));
}
