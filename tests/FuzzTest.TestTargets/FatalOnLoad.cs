namespace FuzzTest.TestTargets;

/// <summary>
/// A target whose class cannot even be initialized: the first call of any kind ends the
/// process. No input is to blame, so an isolated session must give up with a clear message
/// instead of starting workers until its budget runs out.
/// </summary>
public static class FatalOnLoad
{
    private static readonly int Ready = Fail();

    /// <summary>Never runs: touching the class ends the process.</summary>
    public static void Run(ReadOnlySpan<byte> data)
    {
        if (data.Length > Ready)
        {
            _ = data[0];
        }
    }

    private static int Fail()
    {
        Environment.FailFast("FatalOnLoad: the class initializer always fails");
        return 0;
    }
}
