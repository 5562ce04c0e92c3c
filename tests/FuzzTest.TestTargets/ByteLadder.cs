namespace FuzzTest.TestTargets;

/// <summary>
/// A bug behind four nested one-byte comparisons: blind random input needs about 2^32 tries,
/// coverage guidance climbs one rung at a time.
/// </summary>
public static class ByteLadder
{
    /// <summary>Throws on input starting with "FUZZ".</summary>
    public static void Climb(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 4 && data[0] == 'F')
        {
            if (data[1] == 'U')
            {
                if (data[2] == 'Z')
                {
                    if (data[3] == 'Z')
                    {
                        throw new InvalidOperationException("reached the top of the ladder");
                    }
                }
            }
        }
    }
}
