using FuzzTest.Sharing;

namespace FuzzTest.Tests.Sharing;

public class WorkerStatsTests
{
    [Fact]
    public void ThePayload_IsLittleEndian_FieldByField()
    {
        var payload = new byte[WorkerStats.Size];

        new WorkerStats(0x0102030405060708, 0x5152535455565758, 0x11121314, 0x21222324, 0x31323334, 0x41424344).Write(payload);

        Assert.Equal(
            new byte[] { 8, 7, 6, 5, 4, 3, 2, 1, 0x58, 0x57, 0x56, 0x55, 0x54, 0x53, 0x52, 0x51, 0x14, 0x13, 0x12, 0x11, 0x24, 0x23, 0x22, 0x21, 0x34, 0x33, 0x32, 0x31, 0x44, 0x43, 0x42, 0x41 },
            payload);
        Assert.Equal(new WorkerStats(0x0102030405060708, 0x5152535455565758, 0x11121314, 0x21222324, 0x31323334, 0x41424344), WorkerStats.Read(payload));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(24)]
    [InlineData(33)]
    public void APayloadOfAnotherSize_IsNotRead(int size)
    {
        Assert.Null(WorkerStats.Read(new byte[size]));
    }
}
