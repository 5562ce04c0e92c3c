using TinyJson;
using TinyJsonParser = TinyJson.TinyJson;

namespace FuzzTest.Benchmarks.Targets;

/// <summary>
/// The time-to-find target: the same fuzz test as samples/TinyJson.Tests/TinyJsonFuzz.cs, so the
/// benchmark measures what a user of that sample would see.
/// </summary>
public static class TinyJsonTarget
{
    /// <summary>Parses <paramref name="data"/> with the default options; only TinyJsonException is an expected failure.</summary>
    /// <param name="data">Any bytes.</param>
    public static void Parse(ReadOnlySpan<byte> data)
    {
        try
        {
            TinyJsonParser.Parse(data);
        }
        catch (TinyJsonException)
        {
            // The documented failure for malformed input.
        }
    }
}
