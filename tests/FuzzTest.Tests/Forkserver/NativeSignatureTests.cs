using FuzzTest.Forkserver;

namespace FuzzTest.Tests.Forkserver;

public class NativeSignatureTests
{
    [Fact]
    public void Without_a_sanitizer_report_the_signal_is_the_signature()
    {
        Assert.Equal("SIGSEGV", NativeSignature.Of("SIGSEGV", ""));
        Assert.Equal("SIGABRT", NativeSignature.Of("SIGABRT", "parse error at line 3\n"));
    }

    [Fact]
    public void A_sanitizer_summary_refines_it_without_the_checkout_path_or_build_id()
    {
        const string report = """
            ==4242==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000015
            READ of size 1 at 0x602000000015 thread T0
                #0 0x4f2a1  (/home/me/src/parser/build/parser+0x4f2a1)
            SUMMARY: AddressSanitizer: heap-buffer-overflow (/home/me/src/parser/build/parser+0x4f2a1) (BuildId: e59e46fdf32871b5cbb42449ac0766aeddf27432)
            ==4242==ABORTING
            """;

        Assert.Equal("SIGABRT AddressSanitizer: heap-buffer-overflow (parser+0x4f2a1)", NativeSignature.Of("SIGABRT", report));
        Assert.Equal(NativeSignature.Of("SIGABRT", report), NativeSignature.Of("SIGABRT", report.Replace("/home/me/src", "/ci/work")));
    }

    [Fact]
    public void Two_different_sanitizer_errors_are_two_signatures()
    {
        var overflow = NativeSignature.Of("SIGABRT", "SUMMARY: AddressSanitizer: heap-buffer-overflow parser.c:12 in parse_header\n");
        var useAfterFree = NativeSignature.Of("SIGABRT", "SUMMARY: AddressSanitizer: heap-use-after-free parser.c:40 in release\n");
        Assert.NotEqual(overflow, useAfterFree);
        Assert.Equal("SIGABRT UndefinedBehaviorSanitizer: undefined-behavior parser.c:7:3 in f", NativeSignature.Of("SIGABRT", "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior parser.c:7:3 in f"));
    }
}
