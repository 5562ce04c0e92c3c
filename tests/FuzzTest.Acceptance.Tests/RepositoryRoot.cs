namespace FuzzTest.Acceptance.Tests;

/// <summary>The checkout these tests were built from: the source of every sample copy.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The folder holding FuzzTest.sln.</summary>
    public static string Path => Root.Value;

    private static string Find()
    {
        // The tests run from tests/FuzzTest.Acceptance.Tests/bin/<configuration>/<tfm>/, but walk
        // up rather than count levels, so a different output layout still works.
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "FuzzTest.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds FuzzTest.sln; the acceptance tests must run from inside the repository.");
    }
}
