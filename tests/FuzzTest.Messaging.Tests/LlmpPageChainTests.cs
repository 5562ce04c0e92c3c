using System.Buffers.Binary;
using FuzzTest.Messaging.Llmp;

namespace FuzzTest.Messaging.Tests;

public class LlmpPageChainTests
{
    private const uint Tag = 0x7E57;

    [Fact]
    public void MessagesCrossManyPageRollOvers_WhileWrittenAndReadConcurrently_NoneLostOrDuplicated()
    {
        const int Count = 20_000;
        using var sender = new LlmpSender(id: 7, pageSize: 4096);
        using var receiver = new LlmpReceiver(sender.FirstPageName, sender.FirstPageSize);
        var random = new Random(1);
        var lengths = Enumerable.Range(0, Count).Select(_ => random.Next(0, 700)).ToArray();

        var writer = new Thread(() =>
        {
            for (var i = 0; i < Count; i++)
            {
                sender.Send(Tag, Payload(i, lengths[i]));
            }
        });
        writer.Start();

        var next = 0;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (next < Count && DateTime.UtcNow < deadline)
        {
            if (!receiver.TryReceive(out var message))
            {
                Thread.SpinWait(20);
                continue;
            }

            Assert.Equal(Tag, message.Tag);
            Assert.Equal(7u, message.Sender);
            Assert.Equal(Payload(next, lengths[next]), message.Payload);
            next++;
        }

        writer.Join();
        Assert.Equal(Count, next);
        Assert.False(receiver.TryReceive(out _));

        Assert.True(sender.PagesCreated > 500, $"{sender.PagesCreated} pages: the test should roll over many times");

        // Pages the reader has moved past are dropped when the writer starts a new one: after a
        // message too big for the current page, only the reader's page and the new one are left.
        sender.Send(Tag, new byte[4096]);
        Assert.InRange(sender.PagesHeld, 1, 2);
    }

    [Fact]
    public void AReaderThatJoinsLate_ReplaysEveryMessage_WhenPagesAreKept()
    {
        using var sender = new LlmpSender(id: 1, pageSize: 4096, keepPages: true);
        for (var i = 0; i < 1_000; i++)
        {
            sender.Send(Tag, Payload(i, 100));
        }

        using var late = new LlmpReceiver(sender.FirstPageName, sender.FirstPageSize);
        var received = 0;
        while (late.TryReceive(out var message))
        {
            Assert.Equal(Payload(received, 100), message.Payload);
            received++;
        }

        Assert.Equal(1_000, received);
        Assert.True(sender.PagesHeld > 10, $"1,000 messages of 100 bytes should fill many 4 KiB pages, not {sender.PagesHeld}");
    }

    [Fact]
    public void AMessageLargerThanAPage_GetsAPageOfItsOwn()
    {
        using var sender = new LlmpSender(id: 1, pageSize: 4096);
        using var receiver = new LlmpReceiver(sender.FirstPageName, sender.FirstPageSize);
        var big = Payload(42, 100_000);

        sender.Send(Tag, [1]);
        sender.Send(Tag, big);
        sender.Send(Tag, [2]);

        Assert.True(receiver.TryReceive(out var first));
        Assert.True(receiver.TryReceive(out var second));
        Assert.True(receiver.TryReceive(out var third));
        Assert.Equal([1], first.Payload);
        Assert.Equal(big, second.Payload);
        Assert.Equal([2], third.Payload);
    }

    [Fact]
    public void AppendedMessages_StayUnseenUntilPublished_ThenArriveInOrder_AlsoAcrossAPageRollOver()
    {
        using var sender = new LlmpSender(id: 3, pageSize: 4096);
        using var receiver = new LlmpReceiver(sender.FirstPageName, sender.FirstPageSize);

        for (var i = 0; i < 10; i++)
        {
            sender.Append(Tag, Payload(i, 100), 3);
        }

        Assert.False(receiver.TryReceive(out _));
        sender.Publish();
        for (var i = 0; i < 10; i++)
        {
            Assert.True(receiver.TryReceive(out var message));
            Assert.Equal(Payload(i, 100), message.Payload);
        }

        // 60 messages of 100 bytes do not fit a 4 KiB page: the end-of-page message publishes
        // what was appended before it, and the rest waits for Publish on the new page.
        for (var i = 10; i < 70; i++)
        {
            sender.Append(Tag, Payload(i, 100), 3);
        }

        var early = 0;
        while (receiver.TryReceive(out var message))
        {
            Assert.Equal(Payload(10 + early, 100), message.Payload);
            early++;
        }

        Assert.InRange(early, 1, 59);
        sender.Publish();
        for (var i = 10 + early; i < 70; i++)
        {
            Assert.True(receiver.TryReceive(out var message));
            Assert.Equal(Payload(i, 100), message.Payload);
        }

        Assert.False(receiver.TryReceive(out _));
    }

    [Fact]
    public void PagesAheadOfReader_CountsPagesWrittenPastTheReader_AndFallsAsItReads()
    {
        using var sender = new LlmpSender(id: 1, pageSize: 4096);
        using var receiver = new LlmpReceiver(sender.FirstPageName, sender.FirstPageSize);
        Assert.Equal(0, sender.PagesAheadOfReader);

        // Three pages past the one the reader is on.
        for (var i = 0; sender.PagesCreated < 4; i++)
        {
            sender.Send(Tag, Payload(i, 100));
        }

        Assert.Equal(3, sender.PagesAheadOfReader);
        while (receiver.TryReceive(out _))
        {
        }

        Assert.Equal(0, sender.PagesAheadOfReader);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0xAF1E0F1u)]
    public void ReservedTags_AreRefused(uint tag)
    {
        using var sender = new LlmpSender(id: 1, pageSize: 4096);

        Assert.Throws<ArgumentException>(() => sender.Send(tag, [1]));
    }

    [Fact]
    public unsafe void AMessageWhoseLengthRunsPastThePage_IsRefused_NotRead()
    {
        using var sender = new LlmpSender(id: 1, pageSize: 4096);
        using var receiver = new LlmpReceiver(sender.FirstPageName, sender.FirstPageSize);
        sender.Send(Tag, [1, 2, 3]);

        // A writer that lies (or died mid-write and left garbage): the first message claims 1 MiB.
        using (var page = Page.Open(sender.FirstPageName, sender.FirstPageSize))
        {
            *(int*)(page.Start + PageLayout.HeaderSize + PageLayout.LengthOffset) = 1 << 20;
        }

        var error = Assert.Throws<InvalidDataException>(() => receiver.TryReceive(out _));
        Assert.Contains("do not fit the page", error.Message);
    }

    [Fact]
    public void ASegmentThatIsNotAPage_IsRefusedWhenMapped()
    {
        using var sender = new LlmpSender(id: 1, pageSize: 4096);

        var error = Assert.Throws<InvalidDataException>(() => new LlmpReceiver(sender.FirstPageName, 8192));

        Assert.Contains("8192", error.Message);
    }

    private static byte[] Payload(int index, int length)
    {
        var payload = new byte[length];
        for (var i = 0; i < length; i++)
        {
            payload[i] = (byte)(index * 31 + i);
        }

        if (length >= 4)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload, index);
        }

        return payload;
    }

    [Fact]
    public void AnIdAssignedAfterTheFirstPage_IsOnEveryLaterMessage_AndInTheHeaderOfThePageItWasCreatedWith()
    {
        const uint Assigned = 7;
        using var sender = new LlmpSender(uint.MaxValue, pageSize: 4096);
        sender.AssignId(Assigned);
        for (var i = 0; i < 100; i++)
        {
            sender.Send(1, new byte[100]);
        }

        using var reader = new LlmpReceiver(sender.FirstPageName, sender.FirstPageSize);
        var senders = new List<uint>();
        while (reader.TryReceive(out var message))
        {
            senders.Add(message.Sender);
        }

        using var first = Page.Open(sender.FirstPageName, sender.FirstPageSize);
        Assert.True(sender.PagesCreated > 1, "the messages should span pages");
        Assert.Equal(Enumerable.Repeat(Assigned, 100), senders);
        Assert.Equal(Assigned, first.Sender);
    }
}
