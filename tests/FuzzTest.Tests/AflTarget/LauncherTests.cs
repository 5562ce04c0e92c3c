using System.Diagnostics;
using FuzzTest.AflTarget;

namespace FuzzTest.Tests.AflTarget;

/// <summary>The launcher outside AFL++, and the dictionary it hands afl-fuzz.</summary>
public class LauncherTests
{
    [LinuxFact]
    public void Run_by_hand_it_says_how_to_run_it_under_afl_fuzz_and_fails()
    {
        var info = new ProcessStartInfo(AflLauncher.Path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("AflHarness.Ladder");
        info.Environment.Remove("__AFL_SHM_ID");
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("file descriptors 198 and 199 are not open", error);
        Assert.Contains("AFL_SKIP_BIN_CHECK=1 afl-fuzz -i <seeds> -o <findings> -- ./fuzztest-afl AflHarness.Ladder", error);
    }

    [LinuxFact]
    public void An_unknown_method_is_named_in_the_error()
    {
        var info = new ProcessStartInfo(AflLauncher.Path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("AflHarness.NoSuchMethod");
        info.Environment["__AFL_SHM_ID"] = "0";
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("no method AflHarness.NoSuchMethod in FuzzTest.Tests", error);
    }

    [Fact]
    public void The_dictionary_is_length_prefixed_entries_without_empty_overlong_or_repeated_tokens()
    {
        var encoded = AutoDictionary.Encode([[1, 2], [], new byte[AutoDictionary.MaxEntry + 1], [1, 2], [9]]);

        Assert.Equal(new byte[] { 2, 1, 2, 1, 9 }, encoded);
    }
}
