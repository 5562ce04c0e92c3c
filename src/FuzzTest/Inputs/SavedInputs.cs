namespace FuzzTest.Inputs;

/// <summary>Lists the saved inputs of a method: every regular file of its FuzzInputs folder.</summary>
internal static class SavedInputs
{
    /// <summary>
    /// File names in <paramref name="folder"/> in ordinal order, without hidden and temporary
    /// files (a dot prefix: editors' and FuzzTest's own partial writes).
    /// </summary>
    public static IReadOnlyList<string> List(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>()
                .Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal)]
            : [];
}
