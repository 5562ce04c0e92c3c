using FuzzTest.Findings;

namespace FuzzTest.Tests.Findings;

public class MinimizerTests
{
    [Fact]
    public void Minimize_KeepsOnlyWhatTheFailureNeeds_AndNormalizesTheRest()
    {
        var input = "abcXdefgXhijkl"u8.ToArray();

        // Fails while the input holds two 'X' bytes somewhere.
        var result = Minimizer.Minimize(input, c => c.Count(b => b == 'X') >= 2);

        Assert.Equal("XX"u8.ToArray(), result);
    }

    [Fact]
    public void Minimize_ReplacesBytesThatDoNotMatterWith0()
    {
        var result = Minimizer.Minimize("QRST"u8.ToArray(), c => c.Length >= 4 && c[0] == 'Q');

        Assert.Equal("Q000"u8.ToArray(), result);
    }

    [Fact]
    public void Minimize_NeverSpendsMoreThanItsBudget()
    {
        var calls = 0;

        Minimizer.Minimize(new byte[1000], _ => { calls++; return false; }, budget: 50);

        Assert.Equal(50, calls);
    }

    [Fact]
    public void Minimize_ReturnsTheOriginal_WhenNothingSmallerFails()
    {
        byte[] input = [1, 2, 3];

        Assert.Same(input, Minimizer.Minimize(input, c => c.SequenceEqual(input)));
    }
}
