using FuzzTest.TestTargets;

namespace FuzzTest.Tests.AflTarget;

/// <summary>
/// Targets for this project's <c>fuzztest-afl</c> launcher, which looks methods up in the test
/// assembly: each forwards to a planted bug of FuzzTest.TestTargets (instrumented by the build).
/// </summary>
public static class AflHarness
{
    /// <summary>Throws on input starting with "FUZZ", four one-byte comparisons deep.</summary>
    public static void Ladder(ReadOnlySpan<byte> data) => ByteLadder.Climb(data);

    /// <summary>
    /// Every way a run can end: an exception ("FUZZ"), a stack overflow that ends the worker
    /// ("S" and one more byte), a run that never returns ("L" and one more byte), else nothing.
    /// </summary>
    public static void Everything(ReadOnlySpan<byte> data)
    {
        ByteLadder.Climb(data);
        FatalTargets.StackOverflow(data);
        FatalTargets.Loop(data);
    }
}
