using System.Buffers.Binary;

namespace FuzzTest.Messaging.Llmp;

/// <summary>
/// Reads one sender's chain of pages: new messages are found by comparing the page's current id
/// with the last one read (an acquire load, no lock), and an end-of-page message moves the reader
/// to the next page. Anything malformed is refused with <see cref="InvalidDataException"/>, never
/// read past the page.
/// </summary>
internal sealed unsafe class LlmpReceiver : IDisposable
{
    private Page page;
    private long offset = PageLayout.HeaderSize;
    private long lastId;

    // Cached per page, so the per-message path reads no page header field it need not: the
    // page start and end never change, and every id up to knownId is committed already, so
    // the shared current-id line (which the writer keeps taking back) is read only once the
    // reader has caught up with what it last saw there.
    private byte* start;
    private long end;
    private long knownId;

    /// <summary>Maps the sender's page <paramref name="name"/> (usually its first) and starts at its first message.</summary>
    /// <exception cref="InvalidDataException">It is not a page of this layout.</exception>
    public LlmpReceiver(string name, long size)
    {
        page = Page.Open(name, size);
        page.Join();
        Cache();
    }

    /// <summary>Takes the next message, if one was published, as a copy.</summary>
    /// <exception cref="InvalidDataException">The page holds something other than well-formed messages.</exception>
    public bool TryReceive(out LlmpMessage message)
    {
        if (TryReceiveInPlace(out var view))
        {
            message = new LlmpMessage(view.Tag, view.Sender, view.Payload.ToArray());
            return true;
        }

        message = default;
        return false;
    }

    /// <summary>Takes the next message, if one was published, in place (no copy; valid until the next receive).</summary>
    /// <exception cref="InvalidDataException">The page holds something other than well-formed messages.</exception>
    public bool TryReceiveInPlace(out LlmpView message)
    {
        while (true)
        {
            if (lastId == knownId)
            {
                knownId = page.CurrentId;
                if (knownId == lastId)
                {
                    message = default;
                    return false;
                }
            }

            if (offset + PageLayout.MessageHeaderSize > end)
            {
                throw Malformed("a message header would run past the end of the page");
            }

            var at = start + offset;
            var tag = *(uint*)(at + PageLayout.TagOffset);
            var sender = *(uint*)(at + PageLayout.MessageSenderOffset);
            var id = *(long*)(at + PageLayout.IdOffset);
            var length = *(int*)(at + PageLayout.LengthOffset);
            var padded = *(int*)(at + PageLayout.PaddedLengthOffset);
            if (id != lastId + 1)
            {
                throw Malformed($"message id {id} follows {lastId}");
            }

            if (length < 0 || padded != PageLayout.Padded(length) || offset + PageLayout.MessageHeaderSize + padded > end)
            {
                throw Malformed($"message {id} claims {length} bytes ({padded} padded), which do not fit the page");
            }

            var payload = new ReadOnlySpan<byte>(at + PageLayout.MessageHeaderSize, length);
            lastId = id;
            offset += PageLayout.MessageHeaderSize + padded;
            if (tag == PageLayout.EndOfPageTag)
            {
                MoveTo(payload);
                continue;
            }

            message = new LlmpView(tag, sender, payload);
            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose() => page.Dispose();

    private void MoveTo(ReadOnlySpan<byte> endOfPage)
    {
        if (endOfPage.Length != PageLayout.EndOfPagePayload)
        {
            throw Malformed($"an end-of-page message of {endOfPage.Length} bytes");
        }

        var size = BinaryPrimitives.ReadInt64LittleEndian(endOfPage);
        var nameLength = BinaryPrimitives.ReadInt32LittleEndian(endOfPage[8..]);
        if (nameLength is <= 0 or > SharedSegment.MaxNameLength || size < PageLayout.HeaderSize + PageLayout.EndOfPageSize)
        {
            throw Malformed($"an end-of-page message naming a {nameLength}-byte name and a {size}-byte page");
        }

        var next = Page.Open(System.Text.Encoding.UTF8.GetString(endOfPage.Slice(12, nameLength)), size);
        next.Join();
        page.Dispose();
        page = next;
        offset = PageLayout.HeaderSize;
        lastId = 0;
        Cache();
    }

    private void Cache()
    {
        start = page.Start;
        // From the size this side mapped, not the header: the writer could rewrite the header.
        end = page.Segment.Size;
        knownId = 0;
    }

    private InvalidDataException Malformed(string what) => new($"LLMP: page {page.Segment.Name} is malformed: {what}.");
}
