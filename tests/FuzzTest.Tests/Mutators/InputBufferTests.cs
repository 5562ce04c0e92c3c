using FuzzTest.Mutators;

namespace FuzzTest.Tests.Mutators;

public class InputBufferTests
{
    [Theory]
    [InlineData(0, 2, new byte[] { 0, 0, 1, 2, 3 })]
    [InlineData(1, 1, new byte[] { 1, 0, 2, 3 })]
    [InlineData(3, 2, new byte[] { 1, 2, 3, 0, 0 })]
    public void OpenGap_MovesTheTailRight(int offset, int count, byte[] expected)
    {
        var buffer = new InputBuffer(8);
        buffer.Load([1, 2, 3]);

        buffer.OpenGap(offset, count);
        buffer.Data.AsSpan(offset, count).Clear();

        Assert.Equal(expected, buffer.ToArray());
    }

    [Theory]
    [InlineData(0, 1, new byte[] { 2, 3, 4 })]
    [InlineData(1, 2, new byte[] { 1, 4 })]
    [InlineData(2, 2, new byte[] { 1, 2 })]
    public void RemoveRange_MovesTheTailLeft(int offset, int count, byte[] expected)
    {
        var buffer = new InputBuffer(8);
        buffer.Load([1, 2, 3, 4]);

        buffer.RemoveRange(offset, count);

        Assert.Equal(expected, buffer.ToArray());
    }

    [Fact]
    public void Load_TruncatesToMaxLength()
    {
        var buffer = new InputBuffer(2);

        buffer.Load([1, 2, 3]);

        Assert.Equal(new byte[] { 1, 2 }, buffer.ToArray());
    }
}
