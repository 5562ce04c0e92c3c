using System.Reflection;
using System.Text;
using FuzzTest.TestTargets;

namespace FuzzTest.Instrumentation.Tests;

public unsafe class MarkerAndDictionaryTests
{
    private static readonly Assembly Targets = typeof(MagicConstants).Assembly;

    [Fact]
    public void TheBuildInstrumentedTestTargets()
    {
        var marker = Targets.GetType(InstrumentationContract.MarkerTypeName);

        Assert.NotNull(marker);
        Assert.True(marker.IsAbstract && marker.IsSealed && !marker.IsPublic);
        var counters = marker.GetField(InstrumentationContract.CountersFieldName, BindingFlags.Static | BindingFlags.NonPublic);
        Assert.NotNull(counters);
        Assert.Equal(typeof(byte*), counters.FieldType);
        Assert.True(Coverage.SliceOf(Targets).Length > 50);
    }

    [Fact]
    public void TheDictionaryHoldsTheComparisonConstants()
    {
        var tokens = DictionaryResource.Read(Targets);

        Assert.Contains(Hex(Encoding.UTF8.GetBytes(MagicConstants.Header)), tokens);
        Assert.Contains("5A5A5546", tokens);   // 0x46555A5A little-endian
        Assert.Contains("46555A5A", tokens);   // and big-endian
        Assert.Contains(Hex("GIF89a"u8), tokens);
        Assert.Contains("40420F00", tokens);   // 1000000 in Shapes.Checked, 4 bytes
        Assert.DoesNotContain("6400", tokens); // 100 is a small constant: left to random mutation
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        Assert.InRange(tokens.Count, 5, DictionaryCollector.MaxTokens);
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
