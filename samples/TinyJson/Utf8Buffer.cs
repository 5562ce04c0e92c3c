using System.Text;

namespace TinyJson;

/// <summary>
/// A growable buffer of UTF-8 bytes that starts in memory the caller provides (usually a
/// <c>stackalloc</c> scratch buffer), so that short strings are decoded without allocating.
/// </summary>
internal ref struct Utf8Buffer(Span<byte> initial)
{
    private Span<byte> _bytes = initial;
    private int _length;

    public void Append(byte value)
    {
        if (_length == _bytes.Length)
        {
            Grow();
        }

        _bytes[_length++] = value;
    }

    public void Append(Rune rune)
    {
        Span<byte> encoded = stackalloc byte[4];
        int count = rune.EncodeToUtf8(encoded);
        foreach (byte value in encoded[..count])
        {
            Append(value);
        }
    }

    /// <summary>Decodes the bytes; invalid UTF-8 becomes U+FFFD.</summary>
    public override readonly string ToString() => Encoding.UTF8.GetString(_bytes[.._length]);

    private void Grow()
    {
        var larger = new byte[Math.Max(16, _bytes.Length * 2)];
        _bytes.CopyTo(larger);
        _bytes = larger;
    }
}
