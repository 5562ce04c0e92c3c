namespace FuzzTest.Mutators;

/// <summary>
/// A reusable input under mutation: one array of <see cref="MaxLength"/> bytes allocated once
/// per session, of which the first <see cref="Length"/> are the input. Mutators never allocate.
/// </summary>
internal sealed class InputBuffer
{
    /// <summary>Creates an empty buffer that can hold inputs of up to <paramref name="maxLength"/> bytes.</summary>
    public InputBuffer(int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        Data = new byte[maxLength];
    }

    /// <summary>Storage; only [0, Length) is the input.</summary>
    public byte[] Data { get; }

    /// <summary>Current input length in bytes.</summary>
    public int Length { get; set; }

    /// <summary>Largest length a mutator may produce.</summary>
    public int MaxLength => Data.Length;

    /// <summary>The current input.</summary>
    public Span<byte> Span => Data.AsSpan(0, Length);

    /// <summary>Replaces the content with <paramref name="source"/>, truncated to <see cref="MaxLength"/>.</summary>
    public void Load(ReadOnlySpan<byte> source)
    {
        var n = Math.Min(source.Length, MaxLength);
        source[..n].CopyTo(Data);
        Length = n;
    }

    /// <summary>
    /// Makes room for <paramref name="count"/> bytes at <paramref name="offset"/> by moving the tail
    /// right; the gap keeps stale bytes for the caller to overwrite. The caller checks the room.
    /// </summary>
    public void OpenGap(int offset, int count)
    {
        Data.AsSpan(offset, Length - offset).CopyTo(Data.AsSpan(offset + count));
        Length += count;
    }

    /// <summary>Removes <paramref name="count"/> bytes at <paramref name="offset"/> by moving the tail left.</summary>
    public void RemoveRange(int offset, int count)
    {
        Data.AsSpan(offset + count, Length - offset - count).CopyTo(Data.AsSpan(offset));
        Length -= count;
    }

    /// <summary>A copy of the current input.</summary>
    public byte[] ToArray() => Span.ToArray();
}
