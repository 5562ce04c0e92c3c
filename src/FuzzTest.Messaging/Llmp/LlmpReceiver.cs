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
    private readonly string chain;
    private readonly bool removeNames;
    private Page page;
    private int pageIndex;
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
        : this(name, size, removeNames: false)
    {
    }

    /// <summary>Maps the sender's first page <paramref name="name"/> and starts at its first message.</summary>
    /// <param name="name">The chain's first page.</param>
    /// <param name="size">Its size.</param>
    /// <param name="removeNames">
    /// This is the chain's only reader (a broker reading a client): remove each page's name as
    /// soon as it is mapped, and at dispose the names of pages the writer created after the
    /// one being read (see <see cref="PageNames"/>). A writer killed with SIGKILL then leaves
    /// no page behind in /dev/shm; a live writer's own removal later finds the name gone, which
    /// is harmless. Not for a chain others open by name (a broker's broadcast).
    /// </param>
    /// <exception cref="InvalidDataException">It is not a page of this layout.</exception>
    public LlmpReceiver(string name, long size, bool removeNames)
    {
        page = Page.Open(name, size);
        page.Join();
        chain = name;
        this.removeNames = removeNames;
        RemoveName();
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
    public void Dispose()
    {
        page.Dispose();
        if (removeNames)
        {
            // Pages after this one that the reader never reached: announced but unread, or
            // created by a writer killed before it could announce them. Page numbers are
            // taken in order and only this reader removes names, so the first missing
            // name ends the search.
            for (var next = pageIndex + 1; next < int.MaxValue && SharedSegment.Remove(PageNames.Of(chain, next)); next++)
            {
            }
        }
    }

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
        pageIndex++;
        RemoveName();
        offset = PageLayout.HeaderSize;
        lastId = 0;
        Cache();
    }

    private void RemoveName()
    {
        if (removeNames)
        {
            SharedSegment.Remove(page.Segment.Name);
        }
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
