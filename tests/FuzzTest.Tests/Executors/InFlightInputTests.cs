using FuzzTest.Executors;
using FuzzTest.Tests.TestDoubles;

namespace FuzzTest.Tests.Executors;

public class InFlightInputTests
{
    [Fact]
    public void ARunThatNeverEnded_IsRecoveredWithItsExactInput()
    {
        using var temp = new TempFolder();
        var record = InFlightInput.Create(temp.Path, maxLength: 16);
        record.Begin("boom!-and-more"u8.ToArray(), 5);

        // The owner "dies" mid-run: the record is still marked running on disk.
        var lost = InFlightInput.RecoverLost(temp.Path);

        var run = Assert.Single(lost);
        Assert.Equal("boom!"u8.ToArray(), run.Input);
        Assert.Equal(Environment.ProcessId, run.Pid);

        // The record stays until the caller has saved the input.
        Assert.Single(Directory.GetFiles(temp.Path));
        InFlightInput.Discard(run);
        Assert.Empty(Directory.GetFiles(temp.Path));
        record.Dispose();
    }

    [Fact]
    public void AnEndedRun_IsNotALoss()
    {
        using var temp = new TempFolder();
        var record = InFlightInput.Create(temp.Path, maxLength: 16);
        record.Begin([1, 2, 3], 3);
        record.End();

        Assert.Empty(InFlightInput.RecoverLost(temp.Path));
        record.Dispose();
    }

    [Fact]
    public void ATimedOutRun_WasAlreadySaved_AndIsNotRecoveredAgain()
    {
        using var temp = new TempFolder();
        var record = InFlightInput.Create(temp.Path, maxLength: 16);
        record.Begin([1], 1);
        record.MarkTimedOut();

        Assert.Empty(InFlightInput.RecoverLost(temp.Path));
        record.Dispose();
    }

    [Fact]
    public void Dispose_LeavesNothingBehind()
    {
        using var temp = new TempFolder();

        InFlightInput.Create(temp.Path, maxLength: 16).Dispose();

        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Header_IsTheDocumentedLayout()
    {
        using var temp = new TempFolder();
        using var record = InFlightInput.Create(temp.Path, maxLength: 4);
        record.Begin([0xAA, 0xBB], 2);

        using var copy = new FileStream(record.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[InFlightInput.HeaderSize + 2];
        copy.ReadExactly(bytes);

        Assert.Equal("FTIF"u8.ToArray(), bytes[..4]);
        Assert.Equal(InFlightInput.Version, BitConverter.ToUInt16(bytes, 4));
        Assert.Equal(1, BitConverter.ToUInt16(bytes, 6));
        Assert.Equal(Environment.ProcessId, BitConverter.ToInt32(bytes, 8));
        Assert.Equal(2, BitConverter.ToInt32(bytes, 12));
        Assert.Equal(1L, BitConverter.ToInt64(bytes, 16));
        Assert.Equal(new byte[] { 0xAA, 0xBB }, bytes[24..]);
    }
}
