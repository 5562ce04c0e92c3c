using System.Text;
using FuzzTest.Executors;
using FuzzTest.Forkserver;

namespace FuzzTest.Tests.Forkserver;

public class ForkserverExecutorTests
{
    private static readonly TimeSpan HangTimeout = TimeSpan.FromMilliseconds(300);

    private static ForkserverExecutor Start(string target, params string[] arguments) =>
        new(new ForkserverOptions(target) { Arguments = arguments, Timeout = HangTimeout });

    private static RunOutcome Run(ForkserverExecutor executor, string input)
    {
        var bytes = Encoding.ASCII.GetBytes(input);
        return executor.Run(bytes, bytes.Length);
    }

    [AflFact]
    public void Handshake_with_a_plain_target_reports_its_map_and_options()
    {
        using var executor = Start(NativeTargets.Plain);
        Assert.Equal(AflProtocol.OptEnabled, executor.Hello & AflProtocol.OptEnabled);
        Assert.False(executor.Persistent);
        Assert.False(executor.SharedMemoryInput);
        Assert.InRange(executor.MapSize, AflProtocol.MapAlignment, AflProtocol.DefaultMapSize);
        Assert.Equal(0, executor.MapSize % AflProtocol.MapAlignment);
    }

    [AflFact]
    public void A_normal_run_is_ok_and_records_coverage()
    {
        using var executor = Start(NativeTargets.Plain);
        Assert.Equal(ExitKind.Ok, Run(executor, "hello").Kind);
        var first = executor.Coverage.ToArray();
        Assert.Contains(first, b => b != 0);

        // The same input gives the same map (the map is cleared between runs); a different path
        // through the planted checks gives a different one.
        Run(executor, "hello");
        Assert.Equal(first, executor.Coverage.ToArray());
        Run(executor, "HANX");
        Assert.NotEqual(first, executor.Coverage.ToArray());
    }

    [AflFact]
    public void Planted_bugs_crash_with_their_signal()
    {
        using var executor = Start(NativeTargets.Plain);
        var abort = Run(executor, "FUZZ");
        Assert.Equal(ExitKind.Crash, abort.Kind);
        Assert.Equal("SIGABRT", abort.Signature);
        var segv = Run(executor, "SEGV");
        Assert.Equal(ExitKind.Crash, segv.Kind);
        Assert.Equal("SIGSEGV", segv.Signature);
        Assert.Equal(ExitKind.Ok, Run(executor, "fine").Kind);
    }

    [AflFact]
    public void A_hang_is_a_timeout_after_the_configured_time_and_the_next_run_works()
    {
        using var executor = Start(NativeTargets.Plain);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var outcome = Run(executor, "HANG");
        Assert.Equal(ExitKind.Timeout, outcome.Kind);
        Assert.InRange(watch.Elapsed, HangTimeout, HangTimeout * 5);
        Assert.Equal(ExitKind.Ok, Run(executor, "fine").Kind);
    }

    [AflFact]
    public void Many_runs_reuse_one_forkserver_with_a_child_each()
    {
        using var executor = Start(NativeTargets.Plain);
        var children = new HashSet<int>();
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(ExitKind.Ok, Run(executor, $"input {i}").Kind);
            children.Add(executor.LastChildPid);
        }
        Assert.Equal(200, children.Count);
        Assert.DoesNotContain(executor.ServerPid, children);
    }

    [AflFact]
    public void The_input_can_come_as_a_file_argument()
    {
        using var executor = Start(NativeTargets.Plain, ForkserverOptions.FileArgument);
        Assert.Equal(ExitKind.Ok, Run(executor, "fine").Kind);
        Assert.Equal("SIGSEGV", Run(executor, "SEGV").Signature);
    }

    [AflFact]
    public void A_program_without_a_forkserver_is_a_clear_error()
    {
        var error = Assert.Throws<ForkserverException>(() => Start("/bin/true"));
        Assert.Contains("exited before sending its hello", error.Message);
        Assert.Contains("afl-cc", error.Message);
    }

    [AflFact]
    public void A_missing_program_is_a_clear_error()
    {
        var error = Assert.Throws<ForkserverException>(() => Start("/nonexistent/target"));
        Assert.Contains("no such target", error.Message);
    }

    [AflFact]
    public void A_target_that_dies_in_the_handshake_is_reported_with_its_stderr()
    {
        var error = Assert.Throws<ForkserverException>(() => Start("/bin/sh", "-c", "echo 'no forkserver here' >&2; exit 3"));
        Assert.Contains("exit code 3", error.Message);
        Assert.Contains("no forkserver here", error.Message);
    }

    [AflFact]
    public void Sanitizers_report_by_aborting_and_the_tests_own_options_are_merged_over_the_defaults()
    {
        var error = Assert.Throws<ForkserverException>(() => Start("/bin/sh", "-c", "echo \"asan=$ASAN_OPTIONS ubsan=$UBSAN_OPTIONS\" >&2; exit 3"));
        Assert.Contains("asan=abort_on_error=1:symbolize=0", error.Message);
        Assert.Contains("detect_leaks=0", error.Message);
        Assert.Contains("ubsan=abort_on_error=1", error.Message);
        Assert.Contains("halt_on_error=1", error.Message);

        error = Assert.Throws<ForkserverException>(() => new ForkserverExecutor(Shell("echo \"asan=$ASAN_OPTIONS\" >&2; exit 3", "detect_leaks=1:symbolize=1")));
        Assert.Contains("abort_on_error=1:symbolize=1", error.Message);
        Assert.Contains("detect_leaks=1", error.Message);
        Assert.DoesNotContain("detect_leaks=0", error.Message);
    }

    [AflFact]
    public void The_file_argument_is_replaced_inside_a_longer_argument_too()
    {
        var error = Assert.Throws<ForkserverException>(() => Start("/bin/sh", "-c", "echo \"got $1\" >&2; exit 3", "sh", "--input=@@"));
        Assert.Matches(@"got --input=/\S+/input", error.Message);
    }

    [AflFact]
    public void A_missing_program_is_reported_with_the_method_the_resolved_path_and_what_to_do()
    {
        var error = Assert.Throws<ForkserverException>(() => ForkserverOptions.For(new AflProgram("build/parser"), "/src/tests", TimeSpan.FromSeconds(1), "ParserFuzz.Parse()"));
        Assert.Contains("ParserFuzz.Parse() fuzzes the program /src/tests/build/parser, which does not exist", error.Message);
        Assert.Contains("taken from the test's source folder /src/tests", error.Message);
        Assert.Contains("afl-cc", error.Message);
    }

    [AflFact]
    public void Options_that_turn_abort_on_error_off_are_refused_naming_the_variable()
    {
        var error = Assert.Throws<ForkserverException>(() => new ForkserverExecutor(Shell("exit 0", "abort_on_error=0")));
        Assert.Contains("ASAN_OPTIONS sets abort_on_error=0", error.Message);
    }

    private static ForkserverOptions Shell(string script, string asanOptions) => new("/bin/sh")
    {
        Arguments = ["-c", script],
        Environment = new Dictionary<string, string> { ["ASAN_OPTIONS"] = asanOptions },
    };

    [AflFact]
    public void A_target_whose_map_is_larger_than_offered_is_started_again_with_its_size()
    {
        using var small = new ForkserverExecutor(new ForkserverOptions(NativeTargets.Plain) { MapSize = 8 });
        using var usual = Start(NativeTargets.Plain);
        Assert.True(usual.MapSize > 8, $"the sample's map is {usual.MapSize} bytes");
        Assert.Equal(usual.MapSize, small.MapSize);

        Assert.Equal(ExitKind.Ok, Run(small, "hello").Kind);
        Assert.Equal(ExitKind.Ok, Run(usual, "hello").Kind);
        Assert.Equal(usual.Coverage.ToArray(), small.Coverage.ToArray());
    }

    [AflFact]
    public unsafe void Dispose_ends_the_forkserver()
    {
        var executor = Start(NativeTargets.Persistent);
        Run(executor, "fine");
        var server = executor.ServerPid;
        var child = executor.LastChildPid;
        executor.Dispose();

        // Both are gone: the server reaped by us, the stopped child killed (and reaped by init).
        Assert.NotEqual(0, Libc.Kill(server, 0));
        var deadline = Environment.TickCount64 + 5000;
        while (Libc.Kill(child, 0) == 0 && Environment.TickCount64 < deadline) Thread.Sleep(10);
        Assert.NotEqual(0, Libc.Kill(child, 0));
        Assert.Throws<ObjectDisposedException>(() => Run(executor, "fine"));
    }
}
