using FuzzTest.Mutators;
using FuzzTest.Randomness;
using FuzzTest.Tests.TestDoubles;

namespace FuzzTest.Tests.Mutators;

/// <summary>Runs one operation against a scripted random source and checks every value was used.</summary>
internal static class MutationRun
{
    public static (bool Applied, byte[] Result) Apply(
        Func<InputBuffer, IFuzzRandom, bool> operation, byte[] input, ulong[] script, int maxLength = 16)
    {
        var buffer = new InputBuffer(maxLength);
        buffer.Load(input);
        var random = new ScriptedRandom(script);

        var applied = operation(buffer, random);

        Assert.True(random.IsExhausted, $"{random.Remaining} scripted value(s) were never drawn.");
        return (applied, buffer.ToArray());
    }

    /// <summary>Asserts the operation applied and produced exactly <paramref name="expected"/>.</summary>
    public static void AssertProduces(
        Func<InputBuffer, IFuzzRandom, bool> operation, byte[] input, ulong[] script, byte[] expected, int maxLength = 16)
    {
        var (applied, result) = Apply(operation, input, script, maxLength);
        Assert.True(applied);
        Assert.Equal(expected, result);
    }

    /// <summary>Asserts the operation declined and left the input as it was.</summary>
    public static void AssertDeclines(
        Func<InputBuffer, IFuzzRandom, bool> operation, byte[] input, ulong[] script, int maxLength = 16)
    {
        var (applied, result) = Apply(operation, input, script, maxLength);
        Assert.False(applied);
        Assert.Equal(input, result);
    }
}
