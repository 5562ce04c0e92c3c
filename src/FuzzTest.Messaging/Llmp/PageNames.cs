namespace FuzzTest.Messaging.Llmp;

/// <summary>
/// How the pages of one chain are named: the first page has a fresh unique name, and page
/// <c>n</c> after it is that name with <c>.n</c> appended (<c>n</c> = 1, 2, 3 …, one per page
/// the writer starts). Readers follow end-of-page messages and need not know this; a reader
/// that cleans up after a writer killed before it could (see
/// <see cref="LlmpReceiver(string, long, bool)"/>) uses it to find pages the writer created
/// but never announced, or announced where no one read it.
/// </summary>
internal static class PageNames
{
    /// <summary>Longest suffix a successor adds: a dot and a page number up to <see cref="int.MaxValue"/>.</summary>
    public const int MaxSuffixLength = 1 + 10;

    /// <summary>The name of page <paramref name="index"/> (0: the first) of the chain that starts at <paramref name="first"/>.</summary>
    public static string Of(string first, int index) => index == 0 ? first : $"{first}.{index}";
}
