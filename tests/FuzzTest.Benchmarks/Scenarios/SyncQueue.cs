using System.Globalization;

namespace FuzzTest.Benchmarks.Scenarios;

/// <summary>
/// One fuzzer's queue folder in an AFL-style sync directory (<c>sync_dir/&lt;fuzzer&gt;/queue</c>):
/// its owner adds each new testcase as a file <c>id:NNNNNN</c>, written under a temporary name
/// and renamed, so a reader never sees half a file; another fuzzer syncs by listing the whole
/// folder, as afl-fuzz's sync does, and reading the ids it has not seen yet.
/// </summary>
/// <remarks>
/// afl-fuzz skips ids below the highest it has synced. This keeps the set of ids seen instead:
/// a listing that runs while files are renamed into the folder (ext4 lists in hash order) can
/// show a newer id and not an older one, and a high-water mark would then lose the older one
/// for good; the first runs of this benchmark lost a fifth of the testcases that way.
/// </remarks>
internal sealed class SyncQueue(string folder)
{
    private const string IdPrefix = "id:";

    // AFL's own width: id:000000 onward.
    private const string IdFormat = "D6";

    private const string TemporaryPrefix = ".tmp-";

    private readonly HashSet<int> seen = [];

    /// <summary>Writes testcase <paramref name="id"/> atomically (temporary file, then rename).</summary>
    public void Add(int id, ReadOnlySpan<byte> testcase)
    {
        var name = IdPrefix + id.ToString(IdFormat, CultureInfo.InvariantCulture);
        var temporary = Path.Combine(folder, TemporaryPrefix + name);
        using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
        {
            file.Write(testcase);
        }

        File.Move(temporary, Path.Combine(folder, name));
    }

    /// <summary>Lists the folder and reads every testcase not read before, in id order.</summary>
    public List<byte[]> Rescan()
    {
        var found = new List<(int Id, string Path)>();
        foreach (var path in Directory.EnumerateFiles(folder))
        {
            var name = Path.GetFileName(path.AsSpan());
            if (name.StartsWith(IdPrefix, StringComparison.Ordinal)
                && int.TryParse(name[IdPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && !seen.Contains(id))
            {
                found.Add((id, path));
            }
        }

        found.Sort((a, b) => a.Id.CompareTo(b.Id));
        var testcases = new List<byte[]>(found.Count);
        foreach (var (id, path) in found)
        {
            testcases.Add(File.ReadAllBytes(path));
            seen.Add(id);
        }

        return testcases;
    }
}
