using System.Buffers.Binary;

namespace FuzzTest.Messaging.Llmp;

/// <summary>One mapped LLMP page: typed access to the header fields of <see cref="PageLayout"/>.</summary>
internal sealed unsafe class Page : IDisposable
{
    private Page(SharedSegment segment)
    {
        Segment = segment;
    }

    /// <summary>The memory behind the page.</summary>
    public SharedSegment Segment { get; }

    /// <summary>The first byte of the page.</summary>
    public byte* Start => Segment.Start;

    /// <summary>Bytes available for messages.</summary>
    public long SizeTotal => *(long*)(Start + PageLayout.SizeTotalOffset);

    /// <summary>Id of the last committed message (acquire: its contents are visible once this is read).</summary>
    public long CurrentId => Volatile.Read(ref *(long*)(Start + PageLayout.CurrentIdOffset));

    /// <summary>The writer's id in the header (see <see cref="PageLayout"/>): informative only, no reader relies on it.</summary>
    public uint Sender
    {
        get => *(uint*)(Start + PageLayout.SenderOffset);
        set => *(uint*)(Start + PageLayout.SenderOffset) = value;
    }

    /// <summary>Readers that mapped this page.</summary>
    public int ReadersJoined => Volatile.Read(ref *(int*)(Start + PageLayout.ReadersJoinedOffset));

    /// <summary>Creates the page <paramref name="name"/> of <paramref name="size"/> bytes (header included) written by <paramref name="sender"/>.</summary>
    public static Page Create(string name, long size, uint sender)
    {
        var segment = SharedSegment.Create(name, size);
        var start = segment.Start;
        *(uint*)(start + PageLayout.VersionOffset) = PageLayout.Version;
        *(uint*)(start + PageLayout.SenderOffset) = sender;
        *(long*)(start + PageLayout.SizeTotalOffset) = size - PageLayout.HeaderSize;

        // The magic last: a page that has it has a complete header.
        Volatile.Write(ref *(ulong*)(start + PageLayout.MagicOffset), PageLayout.PageMagic);
        return new Page(segment);
    }

    /// <summary>Maps the page <paramref name="name"/> of <paramref name="size"/> bytes and checks its header.</summary>
    /// <exception cref="InvalidDataException">It is not an LLMP page of this version and size.</exception>
    public static Page Open(string name, long size)
    {
        var segment = SharedSegment.Open(name, size);
        try
        {
            var start = segment.Start;
            var magic = Volatile.Read(ref *(ulong*)(start + PageLayout.MagicOffset));
            if (magic != PageLayout.PageMagic)
            {
                throw new InvalidDataException($"LLMP: {name} is not a page (magic 0x{magic:x16}).");
            }

            var version = *(uint*)(start + PageLayout.VersionOffset);
            if (version != PageLayout.Version)
            {
                throw new InvalidDataException($"LLMP: page {name} has layout version {version}; this side reads version {PageLayout.Version}.");
            }

            if (*(long*)(start + PageLayout.SizeTotalOffset) != size - PageLayout.HeaderSize)
            {
                throw new InvalidDataException($"LLMP: page {name} does not hold the {size} bytes it was described with.");
            }

            return new Page(segment);
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }

    /// <summary>Counts this process as a reader of the page.</summary>
    public void Join() => Interlocked.Increment(ref *(int*)(Start + PageLayout.ReadersJoinedOffset));

    /// <summary>Publishes message <paramref name="id"/>: a release store, after which readers see it whole.</summary>
    public void Commit(long id) => Volatile.Write(ref *(long*)(Start + PageLayout.CurrentIdOffset), id);

    /// <summary>Writes a message header and payload at <paramref name="offset"/> (not yet published).</summary>
    public void Write(long offset, uint tag, uint sender, long id, ReadOnlySpan<byte> payload)
    {
        var message = Start + offset;
        *(uint*)(message + PageLayout.TagOffset) = tag;
        *(uint*)(message + PageLayout.MessageSenderOffset) = sender;
        *(long*)(message + PageLayout.IdOffset) = id;
        *(int*)(message + PageLayout.LengthOffset) = payload.Length;
        *(int*)(message + PageLayout.PaddedLengthOffset) = PageLayout.Padded(payload.Length);
        payload.CopyTo(new Span<byte>(message + PageLayout.MessageHeaderSize, payload.Length));
    }

    /// <summary>Writes the end-of-page message that sends readers on to <paramref name="next"/>.</summary>
    public void WriteEndOfPage(long offset, uint sender, long id, Page next)
    {
        Span<byte> payload = stackalloc byte[PageLayout.EndOfPagePayload];
        BinaryPrimitives.WriteInt64LittleEndian(payload, next.Segment.Size);
        var name = System.Text.Encoding.UTF8.GetBytes(next.Segment.Name);
        BinaryPrimitives.WriteInt32LittleEndian(payload[8..], name.Length);
        name.CopyTo(payload[12..]);
        Write(offset, PageLayout.EndOfPageTag, sender, id, payload);
    }

    /// <inheritdoc />
    public void Dispose() => Segment.Dispose();
}
