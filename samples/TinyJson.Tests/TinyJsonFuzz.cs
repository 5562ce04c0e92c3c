using FuzzTest;
using TinyJson;

namespace TinyJson.Tests;

/// <summary>Fuzz tests for the TinyJson parser. Malformed input may throw TinyJsonException; anything else is a bug.</summary>
public class TinyJsonFuzz
{
    // Lenient numbers and unlimited nesting switch on the sample's hang and stack-overflow bugs:
    // the isolated executor saves both and fuzzing goes on.
    private static readonly TinyJsonOptions Options = new() { LenientNumbers = true, MaxDepth = 0 };

    [Fuzz(Timeout = 2000)]
    public void Parse(ReadOnlySpan<byte> data)
    {
        try
        {
            TinyJson.Parse(data, Options);
        }
        catch (TinyJsonException)
        {
            // The documented failure for malformed input.
        }
    }
}
