namespace FuzzTest.Messaging.Llmp;

/// <summary>
/// Writes messages to a chain of pages that only it writes: a message is appended and then
/// published by one release store of the page's current id, so readers need no lock and the
/// writer never waits for them. A full page ends with a message naming the next one.
/// </summary>
internal sealed class LlmpSender : IDisposable
{
    /// <summary>Default page size: 1 MiB, as LibAFL's default (llmp_small_maps).</summary>
    public const long DefaultPageSize = 1 << 20;

    private readonly List<Page> pages = [];
    private uint id;
    private readonly long pageSize;
    private readonly bool keepPages;
    private readonly string chain;
    private Page current;
    private long used;
    private long capacity;
    private long lastId;
    private long publishedId;

    /// <summary>Creates the first page.</summary>
    /// <param name="id">This client's id, stamped on every message.</param>
    /// <param name="pageSize">Bytes per page (header included); a larger message gets a page of its own size.</param>
    /// <param name="keepPages">
    /// Keep every page, so a reader that joins late replays the whole history (a broker's
    /// broadcast); otherwise a page is dropped once a reader has moved past it.
    /// </param>
    public LlmpSender(uint id, long pageSize = DefaultPageSize, bool keepPages = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, PageLayout.HeaderSize + PageLayout.EndOfPageSize + PageLayout.Alignment);
        this.id = id;
        this.pageSize = pageSize;
        this.keepPages = keepPages;
        chain = SharedSegment.NewName();
        current = Page.Create(chain, pageSize, id);
        capacity = pageSize - PageLayout.HeaderSize;
        pages.Add(current);
    }

    /// <summary>The first page's name: a reader starts there.</summary>
    public string FirstPageName => pages[0].Segment.Name;

    /// <summary>The first page's size.</summary>
    public long FirstPageSize => pages[0].Segment.Size;

    /// <summary>Pages this sender holds mapped now.</summary>
    public int PagesHeld => pages.Count;

    /// <summary>
    /// Pages written after the newest one any reader has mapped: for a chain with one reader (a
    /// client's, read by the broker), how many pages that reader is behind. The sender never
    /// waits for readers; a writer that must not run far ahead (and fill /dev/shm) can wait
    /// while this is large.
    /// </summary>
    public int PagesAheadOfReader
    {
        get
        {
            for (var i = pages.Count - 1; i >= 0; i--)
            {
                if (pages[i].ReadersJoined > 0)
                {
                    return pages.Count - 1 - i;
                }
            }

            return pages.Count;
        }
    }

    /// <summary>Pages this sender has created, the first included.</summary>
    public int PagesCreated { get; private set; } = 1;

    /// <summary>
    /// Changes this sender's id from now on, in the headers of the pages it holds too: for a
    /// client that learns its id only after its first page exists (it names that page when it
    /// registers). Messages already written keep the id they were written with.
    /// </summary>
    public void AssignId(uint newId)
    {
        id = newId;
        foreach (var page in pages)
        {
            page.Sender = newId;
        }
    }

    /// <summary>Appends and publishes one message under this sender's id.</summary>
    /// <exception cref="ArgumentException">The tag is reserved for the messaging layer.</exception>
    public void Send(uint tag, ReadOnlySpan<byte> payload) => Send(tag, payload, id);

    /// <summary>Appends and publishes one message under <paramref name="sender"/>'s id (a broker forwarding it).</summary>
    /// <exception cref="ArgumentException">The tag is reserved for the messaging layer.</exception>
    public void Send(uint tag, ReadOnlySpan<byte> payload, uint sender)
    {
        Append(tag, payload, sender);
        Publish();
    }

    /// <summary>
    /// Appends one message under <paramref name="sender"/>'s id without publishing it: readers
    /// see it at the next <see cref="Publish"/> (or <see cref="Send(uint, ReadOnlySpan{byte})"/>).
    /// One publish for a batch saves the readers a cache-line transfer of the current id per message.
    /// </summary>
    /// <exception cref="ArgumentException">The tag is reserved for the messaging layer.</exception>
    public void Append(uint tag, ReadOnlySpan<byte> payload, uint sender)
    {
        if (PageLayout.IsReserved(tag))
        {
            throw new ArgumentException($"LLMP: tag 0x{tag:x} is reserved for the messaging layer.", nameof(tag));
        }

        var size = PageLayout.MessageHeaderSize + PageLayout.Padded(payload.Length);
        if (used + size + PageLayout.EndOfPageSize > capacity)
        {
            NextPage(size);
        }

        current.Write(PageLayout.HeaderSize + used, tag, sender, ++lastId, payload);
        used += size;
    }

    /// <summary>Publishes every appended message: one release store of the current page's last id.</summary>
    public void Publish()
    {
        if (lastId != publishedId)
        {
            current.Commit(lastId);
            publishedId = lastId;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var page in pages)
        {
            page.Dispose();
        }

        pages.Clear();
    }

    private void NextPage(long messageSize)
    {
        var size = Math.Max(pageSize, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)(PageLayout.HeaderSize + messageSize + PageLayout.EndOfPageSize)));
        var next = Page.Create(PageNames.Of(chain, PagesCreated), size, id);
        PagesCreated++;
        current.WriteEndOfPage(PageLayout.HeaderSize + used, id, lastId + 1, next);

        // Publishes the messages appended before it too.
        current.Commit(++lastId);
        pages.Add(next);
        current = next;
        capacity = next.Segment.Size - PageLayout.HeaderSize;
        used = 0;
        lastId = 0;
        publishedId = 0;
        if (!keepPages)
        {
            DropPagesReadersLeft();
        }
    }

    // A reader maps the next page only after it read the end of the previous one, so a page
    // whose successor has a reader is read through.
    private void DropPagesReadersLeft()
    {
        while (pages.Count > 1 && pages[1].ReadersJoined > 0)
        {
            pages[0].Dispose();
            pages.RemoveAt(0);
        }
    }
}
