namespace FuzzTest.Benchmarks;

/// <summary>
/// A fresh folder under the system temp folder, deleted on dispose: benchmarks never write into
/// the repository, and no session sees the corpus or findings of another.
/// </summary>
internal sealed class TempFolder : IDisposable
{
    private TempFolder(string path) => Path = path;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Creates a new, empty folder whose name starts with <paramref name="prefix"/>.</summary>
    public static TempFolder Create(string prefix) => new(Directory.CreateTempSubdirectory(prefix).FullName);

    /// <summary>Deletes the folder; a leftover in temp is not worth failing a benchmark for.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
