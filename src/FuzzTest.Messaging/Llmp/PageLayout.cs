namespace FuzzTest.Messaging.Llmp;

/// <summary>
/// The layout of an LLMP page and of the messages in it, as data. One process writes a page;
/// any number read it. All fields little-endian; messages start on 32-byte boundaries.
/// </summary>
/// <remarks>
/// Page header (64 bytes):
/// <code>
/// offset size field
///      0    8 magic          PageMagic: recognises a page before trusting the rest
///      8    4 version        Version: bumped on any layout change
///     12    4 sender         the writing client's id
///     16    8 current id     id of the last committed message (0: none); its release store publishes the message
///     24    8 size total     bytes available for messages after the header
///     32    8 size used      bytes taken by messages so far (the writer's own bookkeeping)
///     40    4 readers joined incremented by each reader that mapped the page: the writer may drop an older page once its successor has one
///     44   20 reserved       zero
/// </code>
/// Message header (32 bytes), then the payload, then padding to the next 32-byte boundary:
/// <code>
/// offset size field
///      0    4 tag            what the payload is; values below are reserved
///      4    4 sender         the client that sent it
///      8    8 id             1, 2, 3 … on each page
///     16    4 length         payload bytes
///     20    4 padded length  payload plus padding: the next message starts at offset + 32 + padded length
///     24    8 reserved       zero
/// </code>
/// </remarks>
internal static class PageLayout
{
    /// <summary>"FTLLMPG1" read as a little-endian u64.</summary>
    public const ulong PageMagic = 0x3147504D4C4C5446;

    /// <summary>Layout version. 2: messages aligned to 32 bytes instead of 64.</summary>
    public const uint Version = 2;

    /// <summary>Bytes before the first message.</summary>
    public const int HeaderSize = 64;

    /// <summary>Bytes before a message's payload.</summary>
    public const int MessageHeaderSize = 32;

    /// <summary>
    /// Messages start on multiples of this: the header's 8-byte fields and the payload stay
    /// 8-byte aligned. Not a whole cache line (64, LibAFL's choice), which would round a message
    /// with a 64-byte payload up to 128 bytes instead of 96: on the llmp benchmark that cost a
    /// quarter more time per message (about 400 against 300 ns, single thread), more than a
    /// reader and the writer sharing the line between two messages costs.
    /// </summary>
    public const int Alignment = 32;

    /// <summary>The tag of the last message of a full page; its payload describes the next page.</summary>
    public const uint EndOfPageTag = 0xAF1E0F1;

    /// <summary>Payload of an end-of-page message: next page size (u64), name length (u32), name (UTF-8).</summary>
    public const int EndOfPagePayload = 8 + 4 + Messaging.SharedSegment.MaxNameLength;

    /// <summary>Room always kept free on a page for its end-of-page message: the 32-byte header and the 76-byte payload, padded to the alignment.</summary>
    public const int EndOfPageSize = 128;

    // Page header fields.
    public const int MagicOffset = 0;
    public const int VersionOffset = 8;
    public const int SenderOffset = 12;
    public const int CurrentIdOffset = 16;
    public const int SizeTotalOffset = 24;
    public const int SizeUsedOffset = 32;
    public const int ReadersJoinedOffset = 40;

    // Message header fields.
    public const int TagOffset = 0;
    public const int MessageSenderOffset = 4;
    public const int IdOffset = 8;
    public const int LengthOffset = 16;
    public const int PaddedLengthOffset = 20;

    /// <summary>Payload length padded so that the message after it starts on an <see cref="Alignment"/> boundary.</summary>
    public static int Padded(int length) => ((MessageHeaderSize + length + Alignment - 1) / Alignment * Alignment) - MessageHeaderSize;

    /// <summary>True for tags only the messaging layer itself may send.</summary>
    public static bool IsReserved(uint tag) => tag is EndOfPageTag or 0;
}
