using FuzzTest;
using TinyJson;

namespace TinyJson.Tests;

/// <summary>Fuzz tests for the TinyJson parser. Malformed input may throw TinyJsonException; anything else is a bug.</summary>
public class TinyJsonFuzz
{
    [Fuzz]
    public void Parse(ReadOnlySpan<byte> data)
    {
        try
        {
            TinyJson.Parse(data);
        }
        catch (TinyJsonException)
        {
            // The documented failure for malformed input.
        }
    }
}
