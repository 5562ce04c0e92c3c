using FuzzTest.Messaging.Llmp;

namespace FuzzTest.Messaging.Tests;

/// <summary>
/// A broker removes the names of the client pages it reads, so a client that dies without
/// cleaning up (SIGKILL) leaves nothing in /dev/shm. Here the client is simply never disposed
/// before the checks, which is what a killed client looks like to the broker.
/// </summary>
public class LlmpPageNameCleanupTests
{
    private const uint Tag = 5;

    [Fact]
    public void TheBrokerRemovesAClientPageNameOnceMapped_AndTheClientsOwnRemovalLaterIsHarmless()
    {
        using var broker = new LlmpBroker((in LlmpView _) => true, _ => { }, pageSize: 4096);
        var client = new LlmpSender(id: 1, pageSize: 4096);
        broker.AddClient(1, client.FirstPageName, client.FirstPageSize);

        Assert.False(Exists(client.FirstPageName, client.FirstPageSize));

        // The mapping outlives the name: messages still flow, across page roll-overs too.
        for (var i = 0; i < 100; i++)
        {
            client.Send(Tag, new byte[300]);
        }

        Assert.Equal(100, broker.Pump());
        Assert.True(client.PagesCreated > 5);
        client.Dispose();
    }

    [Fact]
    public void AfterTheBrokerDisposes_NoPageOfAClientThatNeverCleanedUpIsLeft_ReadOrNot()
    {
        var client = new LlmpSender(id: 1, pageSize: 4096);
        try
        {
            using (var broker = new LlmpBroker((in LlmpView _) => true, _ => { }, pageSize: 4096))
            {
                broker.AddClient(1, client.FirstPageName, client.FirstPageSize);
                for (var i = 0; i < 50; i++)
                {
                    client.Send(Tag, new byte[300]);
                }

                broker.Pump();

                // Written after the last pump: pages the broker has not reached yet.
                for (var i = 0; i < 50; i++)
                {
                    client.Send(Tag, new byte[300]);
                }
            }

            Assert.True(client.PagesCreated > 5, $"{client.PagesCreated} pages: unread pages should be left at dispose");
            for (var index = 0; index < client.PagesCreated; index++)
            {
                Assert.False(Exists(PageNames.Of(client.FirstPageName, index), 4096), $"page {index} is still there");
            }
        }
        finally
        {
            client.Dispose();
        }
    }

    [Fact]
    public void APlainReader_LeavesNamesAlone_SoOthersCanStillOpenThePages()
    {
        using var sender = new LlmpSender(id: 1, pageSize: 4096);
        using var reader = new LlmpReceiver(sender.FirstPageName, sender.FirstPageSize);

        Assert.True(Exists(sender.FirstPageName, sender.FirstPageSize));
    }

    [Theory]
    [InlineData("../fuzztest-llmp-escape")]
    [InlineData("fuzztest-llmp-a-name-far-too-long-to-be-a-segment-name-of-this-library-at-all")]
    [InlineData("fuzztest-llmp-never-created")]
    public void RemovingANameThatIsNotASegment_IsNoError(string name)
    {
        // A client's page names feed the broker's removals; none of them may make it throw.
        Assert.False(SharedSegment.Remove(name));
    }

    private static bool Exists(string name, long size)
    {
        try
        {
            Page.Open(name, size).Dispose();
            return true;
        }
        catch (InvalidDataException e) when (e.Message.Contains("does not exist", StringComparison.Ordinal))
        {
            return false;
        }
    }
}
