using System.Collections;
using FuzzTest.Sessions;

namespace FuzzTest.Tests.Sessions;

public class FuzzSettingsTests
{
    [Fact]
    public void Unset_IsRegressionMode_WithDefaults()
    {
        var settings = FuzzSettings.From(new Hashtable());

        Assert.False(settings.IsFuzzing);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.Duration);
        Assert.Null(settings.Runs);
        Assert.Null(settings.Seed);
    }

    [Fact]
    public void AnExecutionCapAlone_IsTheWholeBudget()
    {
        Assert.Equal(TimeSpan.MaxValue, Settings(FuzzSettings.RunsVariable, "1000").Duration);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("true")]
    [InlineData("ALL")]
    [InlineData("*")]
    public void EverythingValues_SelectEveryMethod(string value)
    {
        var settings = Settings(FuzzSettings.FuzzVariable, value);

        Assert.True(settings.Selects("AnyClass", "AnyMethod"));
    }

    [Theory]
    [InlineData("TinyJsonFuzz.Parse", "TinyJsonFuzz", "Parse", true)]
    [InlineData("TinyJsonFuzz.Parse", "TinyJsonFuzz", "ParseNumber", false)]
    [InlineData("TinyJsonFuzz.*", "TinyJsonFuzz", "ParseNumber", true)]
    [InlineData("*.Parse*", "OtherFuzz", "ParseNumber", true)]
    [InlineData("Parse", "TinyJsonFuzz", "Parse", true)]
    [InlineData("A.B,TinyJsonFuzz.Parse", "TinyJsonFuzz", "Parse", true)]
    [InlineData("tinyjsonfuzz.parse", "TinyJsonFuzz", "Parse", true)]
    public void Patterns_MatchClassDotMethod(string pattern, string className, string method, bool expected) =>
        Assert.Equal(expected, Settings(FuzzSettings.FuzzVariable, pattern).Selects(className, method));

    [Fact]
    public void FullNamePattern_Matches()
    {
        Assert.True(Settings(FuzzSettings.FuzzVariable, "My.Tests.Fuzz.Parse").Selects("Fuzz", "Parse", "My.Tests.Fuzz"));
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("500ms", 0.5)]
    [InlineData("45", 45)]
    [InlineData("1.5m", 90)]
    public void Durations_Parse(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Settings(FuzzSettings.DurationVariable, text).Duration);

    [Theory]
    [InlineData("100000", 100_000)]
    [InlineData("500k", 500_000)]
    [InlineData("2m", 2_000_000)]
    public void Runs_Parse(string text, long runs) =>
        Assert.Equal(runs, Settings(FuzzSettings.RunsVariable, text).Runs);

    [Theory]
    [InlineData("42", 42UL)]
    [InlineData("0x2a", 42UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    public void Seeds_Parse(string text, ulong seed) =>
        Assert.Equal(seed, Settings(FuzzSettings.SeedVariable, text).Seed);

    [Theory]
    [InlineData("FUZZTEST_DURATION", "soon", "e.g. 30s, 2m, 1h")]
    [InlineData("FUZZTEST_RUNS", "-5", "positive number of executions")]
    [InlineData("FUZZTEST_SEED", "abc", "whole number")]
    public void BadValues_SayWhichVariableAndWhatWorks(string variable, string value, string hint)
    {
        var error = Assert.Throws<FormatException>(() => Settings(variable, value));

        Assert.Contains($"{variable}='{value}'", error.Message);
        Assert.Contains(hint, error.Message);
    }

    [Fact]
    public void Workers_DefaultToOnePerCore_FromTheEnvironment_AndToOneInCode()
    {
        Assert.Equal(Environment.ProcessorCount, FuzzSettings.From(new Hashtable()).Workers);
        Assert.Equal(1, new FuzzSettings().Workers);
        Assert.Equal(3, Settings(FuzzSettings.WorkersVariable, "3").Workers);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("two")]
    [InlineData("257")]
    public void BadWorkerCounts_AreRefused_NamingTheVariable(string value)
    {
        var error = Assert.Throws<FormatException>(() => Settings(FuzzSettings.WorkersVariable, value));

        Assert.Contains($"FUZZTEST_WORKERS='{value}'", error.Message);
        Assert.Contains("from 1 to 256", error.Message);
    }

    private static FuzzSettings Settings(string name, string value) => FuzzSettings.From(new Hashtable { [name] = value });
}
