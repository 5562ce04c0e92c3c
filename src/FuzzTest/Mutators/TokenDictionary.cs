using System.Text;

namespace FuzzTest.Mutators;

/// <summary>
/// Byte strings worth splicing into inputs: magic numbers, keywords and string constants taken
/// from the code under test, which random edits would almost never guess. Deduplicated, in the
/// order first added, so that a token's index (and therefore a seeded run) is stable.
/// </summary>
/// <remarks>Filled once before fuzzing starts; reading is allocation-free, adding is not.</remarks>
internal sealed class TokenDictionary
{
    /// <summary>Longest token kept; AFL's limit, since longer constants are rarely compared whole.</summary>
    public const int MaxTokenLength = 128;

    private readonly List<byte[]> tokens = [];

    // Latin-1 maps each byte to exactly one char, so the string is a lossless key for the bytes.
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    /// <summary>Number of distinct tokens.</summary>
    public int Count => tokens.Count;

    /// <summary>The token at <paramref name="index"/> in insertion order.</summary>
    public ReadOnlySpan<byte> this[int index] => tokens[index];

    /// <summary>
    /// Adds a copy of <paramref name="token"/>; returns false if it was empty, longer than
    /// <see cref="MaxTokenLength"/>, or already present.
    /// </summary>
    public bool Add(ReadOnlySpan<byte> token)
    {
        if (token.IsEmpty || token.Length > MaxTokenLength || !seen.Add(Encoding.Latin1.GetString(token)))
        {
            return false;
        }

        tokens.Add(token.ToArray());
        return true;
    }
}
