namespace FuzzTest.AflTarget;

/// <summary>
/// FuzzTest's comparison constants as afl-fuzz's "autodictionary": entries of a length byte
/// followed by that many bytes, sent once during the handshake. afl-fuzz then splices them into
/// inputs, which is how it gets past a comparison with a multi-byte constant.
/// </summary>
internal static class AutoDictionary
{
    /// <summary>Longest entry afl-fuzz keeps (<c>MAX_DICT_FILE</c>); longer tokens are left out.</summary>
    public const int MaxEntry = 128;

    /// <summary>Most bytes afl-fuzz accepts for the whole dictionary (its length word must be below 2^24).</summary>
    public const int MaxTotal = 0xFFFFFF;

    /// <summary>The encoded entries, skipping empty, overlong and repeated tokens.</summary>
    public static byte[] Encode(IEnumerable<byte[]> tokens)
    {
        using var bytes = new MemoryStream();
        var seen = new HashSet<string>();
        foreach (var token in tokens)
        {
            if (token.Length is 0 or > MaxEntry || !seen.Add(Convert.ToHexString(token)) || bytes.Length + 1 + token.Length > MaxTotal)
            {
                continue;
            }

            bytes.WriteByte((byte)token.Length);
            bytes.Write(token);
        }

        return bytes.ToArray();
    }
}
