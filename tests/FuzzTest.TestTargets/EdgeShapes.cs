namespace FuzzTest.TestTargets;

/// <summary>Control flow whose runs differ only in how they reach a shared block.</summary>
public static class EdgeShapes
{
    /// <summary>
    /// "a is false" jumps straight to the shared "return 0"; "a but not b" walks there through
    /// the inner block. With block probes alone the first lights a subset of the second.
    /// </summary>
    public static int Both(bool a, bool b)
    {
        if (a)
        {
            if (b)
            {
                return 1;
            }
        }

        return 0;
    }
}
