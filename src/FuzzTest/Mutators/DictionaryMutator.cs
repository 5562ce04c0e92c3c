using FuzzTest.Randomness;

namespace FuzzTest.Mutators;

/// <summary>
/// Puts a <see cref="TokenDictionary"/> token into the input, either inserted or written over
/// existing bytes: the way past comparisons against constants such as headers and keywords.
/// Also used by <see cref="HavocMutator"/> as two of its operations.
/// </summary>
internal sealed class DictionaryMutator : IMutator
{
    private readonly TokenDictionary dictionary;

    /// <summary>Creates a mutator over <paramref name="dictionary"/>, which may still be filled later.</summary>
    public DictionaryMutator(TokenDictionary dictionary)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        this.dictionary = dictionary;
    }

    /// <summary>Draws <c>Below(2)</c> (1 = overwrite, 0 = insert), then as that operation does.</summary>
    public bool Mutate(InputBuffer input, IFuzzRandom random) =>
        random.Below(2) == 1 ? OverwriteToken(input, random, dictionary) : InsertToken(input, random, dictionary);

    /// <summary>
    /// Inserts a token. Draws: token <c>Below(Count)</c>, destination <c>Below(Length + 1)</c>.
    /// False when the dictionary is empty or the token does not fit in the remaining room.
    /// </summary>
    public static bool InsertToken(InputBuffer input, IFuzzRandom random, TokenDictionary dictionary)
    {
        if (dictionary.Count == 0)
        {
            return false;
        }

        var token = dictionary[random.Below(dictionary.Count)];
        if (token.Length > input.MaxLength - input.Length)
        {
            return false;
        }

        var to = random.Below(input.Length + 1);
        input.OpenGap(to, token.Length);
        token.CopyTo(input.Data.AsSpan(to));
        return true;
    }

    /// <summary>
    /// Writes a token over existing bytes. Draws: token <c>Below(Count)</c>, start
    /// <c>Below(Length - token length + 1)</c>. False when the dictionary is empty or the token is
    /// longer than the input.
    /// </summary>
    public static bool OverwriteToken(InputBuffer input, IFuzzRandom random, TokenDictionary dictionary)
    {
        if (dictionary.Count == 0)
        {
            return false;
        }

        var token = dictionary[random.Below(dictionary.Count)];
        if (token.Length > input.Length)
        {
            return false;
        }

        token.CopyTo(input.Data.AsSpan(random.Below(input.Length - token.Length + 1)));
        return true;
    }
}
