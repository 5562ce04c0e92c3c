namespace TinyJson;

/// <summary>The input is not a well-formed TinyJson document: the one failure <see cref="TinyJson.Parse"/> documents.</summary>
public sealed class TinyJsonException : Exception
{
    /// <summary>Creates an exception for a problem found at byte <paramref name="position"/> of the input.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="position">Zero-based byte offset of the problem in the input.</param>
    public TinyJsonException(string message, int position)
        : base($"{message} (at byte {position})")
    {
        Position = position;
    }

    /// <summary>Zero-based byte offset of the problem in the input.</summary>
    public int Position { get; }
}
