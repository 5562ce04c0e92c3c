using System.Buffers.Binary;

namespace TinyJson;

/// <summary>Parses JSON documents from UTF-8 bytes into <see cref="JsonValue"/> trees.</summary>
public static class TinyJson
{
    // "#TJ1" read as one little-endian 32-bit integer: the optional header of a versioned document.
    private const uint HeaderMagic = 0x314A5423;
    private const byte HeaderVersion = 1;
    private const int HeaderLength = 5;

    /// <summary>Parses one JSON document.</summary>
    /// <param name="utf8">
    /// The document as UTF-8. It may start with a 5-byte header: the magic bytes <c>#TJ1</c> and
    /// a version byte, which must be 1; the document follows the header.
    /// </param>
    /// <param name="options">How to parse; <see langword="null"/> means <see cref="TinyJsonOptions.Default"/>.</param>
    /// <returns>The document's value.</returns>
    /// <exception cref="TinyJsonException">The input is not a well-formed document.</exception>
    public static JsonValue Parse(ReadOnlySpan<byte> utf8, TinyJsonOptions? options = null)
    {
        options ??= TinyJsonOptions.Default;

        int start = 0;
        if (utf8.Length >= sizeof(uint) && BinaryPrimitives.ReadUInt32LittleEndian(utf8) == HeaderMagic)
        {
            byte version = utf8[4];
            if (version != HeaderVersion)
            {
                throw new TinyJsonException($"unsupported header version {version}", 4);
            }

            start = HeaderLength;
        }

        var parser = new Parser(utf8, start, options);
        return parser.ParseDocument();
    }
}
