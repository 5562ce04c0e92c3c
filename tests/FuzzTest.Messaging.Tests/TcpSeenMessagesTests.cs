using FuzzTest.Messaging.Tcp;

namespace FuzzTest.Messaging.Tests;

public class TcpSeenMessagesTests
{
    [Fact]
    public void EachNumberIsNewOnce_PerOrigin_InAnyOrder()
    {
        var seen = new SeenMessages();
        long[] order = [3, 1, 2, 2, 5, 4, 1, 6, 5];

        var fresh = order.Select(n => seen.Add(7, n)).ToArray();

        Assert.Equal([true, true, true, false, true, true, false, true, false], fresh);
        Assert.True(seen.Add(8, 1), "another origin's numbers are its own");
        Assert.False(seen.Add(8, 1));
    }

    [Fact]
    public void ANumberThatNeverComes_DoesNotKeepEveryLaterOneForever()
    {
        var seen = new SeenMessages();
        Assert.True(seen.Add(1, 1));

        // Number 2 never arrives.
        for (long n = 3; n <= SeenMessages.MaxAboveMark + 3; n++)
        {
            Assert.True(seen.Add(1, n));
        }

        // The mark jumped past the missing number: it would now be taken for a copy.
        Assert.False(seen.Add(1, 2));
        Assert.False(seen.Add(1, 3));
        Assert.False(seen.Add(1, SeenMessages.MaxAboveMark + 3));
        Assert.True(seen.Add(1, SeenMessages.MaxAboveMark + 4));
    }
}
