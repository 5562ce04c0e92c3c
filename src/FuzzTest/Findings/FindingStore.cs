using FuzzTest.Storage;

namespace FuzzTest.Findings;

/// <summary>
/// Saves findings into the method's FuzzInputs folder as <c>crash-&lt;16 hex of SHA-256&gt;</c>
/// or <c>timeout-…</c>. Atomic and never overwriting: a name is derived from the content, so
/// saving the same input twice is a no-op and two different inputs never share a file.
/// </summary>
internal sealed class FindingStore(string folder)
{
    /// <summary>The method's FuzzInputs folder.</summary>
    public string Folder { get; } = folder;

    /// <summary>The file-name prefix of a finding kind.</summary>
    public static string Prefix(FindingKind kind) => kind == FindingKind.Timeout ? "timeout-" : "crash-";

    /// <summary>True when <paramref name="fileName"/> names a saved finding rather than a seed.</summary>
    public static bool IsFinding(string fileName) =>
        fileName.StartsWith(Prefix(FindingKind.Crash), StringComparison.Ordinal) || fileName.StartsWith(Prefix(FindingKind.Timeout), StringComparison.Ordinal);

    /// <summary>Saves <paramref name="input"/> and returns its path (existing or new).</summary>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be written.</exception>
    public string Save(FindingKind kind, ReadOnlySpan<byte> input)
    {
        var path = Path.Combine(Folder, Prefix(kind) + AtomicFile.ContentHash(input));
        AtomicFile.TryCreate(path, input);
        return path;
    }

    /// <summary>
    /// Like <see cref="Save"/>, but a folder that cannot be written does not end the session:
    /// the finding is still reported (with its bytes) and <paramref name="error"/> says why it was not saved.
    /// </summary>
    public string? TrySave(FindingKind kind, ReadOnlySpan<byte> input, out string? error)
    {
        try
        {
            error = null;
            return Save(kind, input);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"could not save it into {Folder}: {e.Message}";
            return null;
        }
    }
}
