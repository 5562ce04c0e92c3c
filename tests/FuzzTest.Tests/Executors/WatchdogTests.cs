using FuzzTest.Executors;
using FuzzTest.Tests.TestDoubles;

namespace FuzzTest.Tests.Executors;

public class WatchdogTests
{
    [Fact]
    public void ARunThatOutlivesTheTimeout_IsReportedWithItsInput()
    {
        using var temp = new TempFolder();
        using var record = InFlightInput.Create(temp.Path, maxLength: 8);
        using var reported = new ManualResetEventSlim();
        byte[]? input = null;
        using var watchdog = new Watchdog(record, TimeSpan.FromMilliseconds(100), i => { input = i; record.MarkTimedOut(); reported.Set(); });

        record.Begin([4, 2], 2);

        Assert.True(reported.Wait(TimeSpan.FromSeconds(30)), "the watchdog never fired");
        Assert.Equal(new byte[] { 4, 2 }, input);
        Assert.Empty(InFlightInput.RecoverLost(temp.Path));
    }

    [Fact]
    public void ShortRuns_NeverTrigger()
    {
        using var temp = new TempFolder();
        using var record = InFlightInput.Create(temp.Path, maxLength: 8);
        var fired = false;
        using (new Watchdog(record, TimeSpan.FromMilliseconds(100), _ => fired = true))
        {
            // 2,000 runs of about 0.1 ms each span many watchdog samples.
            for (var i = 0; i < 2000; i++)
            {
                record.Begin([1], 1);
                Thread.SpinWait(2000);
                record.End();
            }
        }

        Assert.False(fired);
    }
}
