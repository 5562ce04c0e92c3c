using System.Diagnostics;

namespace FuzzTest.Tests.TestDoubles;

/// <summary>Waits on a running session's corpus folder, for tests that act on a session midway (kill a worker, say).</summary>
internal static class CorpusFolder
{
    /// <summary>The corpus files on disk, by name, once there are <paramref name="entries"/> of them and <paramref name="ready"/> holds.</summary>
    /// <exception cref="InvalidOperationException">The session ended first: its run cap is too low for the test.</exception>
    public static async Task<Dictionary<string, byte[]>> WaitFor(string folder, int entries, Func<bool> ready, Task session)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (session.IsCompleted)
            {
                throw new InvalidOperationException("The session ended before the test could act on it; raise its run cap.", session.Exception);
            }

            // Entries are written to a hidden temporary file first, then renamed: count and
            // read only the finished ones, as the corpus itself does.
            var files = Directory.Exists(folder) ? Directory.GetFiles(folder).Where(f => !Path.GetFileName(f).StartsWith('.')).ToList() : [];
            if (files.Count >= entries && ready())
            {
                return files.ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"The workers kept fewer than {entries} corpus entries, or the session was not ready, in 60 s.");
    }
}
