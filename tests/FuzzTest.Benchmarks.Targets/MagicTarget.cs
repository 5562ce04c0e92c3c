namespace FuzzTest.Benchmarks.Targets;

/// <summary>
/// The throughput target shared with the libFuzzer reference (magic.c in the benchmarks): an
/// 8-byte magic value compared one byte per branch, so coverage feedback can climb it step by
/// step and both fuzzers run the same amount of code per input.
/// </summary>
public static class MagicTarget
{
    // Volatile, like the C version's flag, so neither compiler can drop the store as dead.
    private static volatile bool reached;

    /// <summary>True once an input starting with "FUZZTEST" has run.</summary>
    public static bool Reached => reached;

    /// <summary>Sets <see cref="Reached"/> when <paramref name="data"/> starts with "FUZZTEST"; never throws.</summary>
    /// <param name="data">Any bytes.</param>
    public static void Magic(ReadOnlySpan<byte> data)
    {
        // One byte per nested if (not a string or span comparison): each matched byte is a new
        // branch, the shape coverage-guided fuzzers solve without a dictionary.
        if (data.Length >= 8)
        {
            if (data[0] == 'F')
            {
                if (data[1] == 'U')
                {
                    if (data[2] == 'Z')
                    {
                        if (data[3] == 'Z')
                        {
                            if (data[4] == 'T')
                            {
                                if (data[5] == 'E')
                                {
                                    if (data[6] == 'S')
                                    {
                                        if (data[7] == 'T')
                                        {
                                            reached = true;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
