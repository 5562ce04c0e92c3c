using System.Security.Cryptography;

namespace FuzzTest.Workers;

/// <summary>Names the files behind <see cref="WorkerMap"/>s.</summary>
internal static class WorkerMapPath
{
    /// <summary>Hex digits of randomness in each name.</summary>
    private const int RandomLength = 8;

    /// <summary>Per-process counter that makes the names unique within this process.</summary>
    private static int counter;

    /// <summary>
    /// A fresh, unused path for a map: in /dev/shm where it exists, because that is memory-backed
    /// (tmpfs) and the kernel never writes the counter pages, dirtied on every run, back to a disk.
    /// Elsewhere (macOS, Windows) the temp folder.
    /// </summary>
    /// <remarks>
    /// The pid says which process a leftover file came from. The random part keeps a map leaked by
    /// a killed process whose pid was later reused from blocking this one:
    /// <see cref="WorkerMap.Create"/> refuses an existing file.
    /// </remarks>
    /// <returns>A path named <c>fuzztest-&lt;parent pid&gt;-&lt;counter&gt;-&lt;8 random hex digits&gt;.map</c>.</returns>
    public static string New()
    {
        var folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var number = Interlocked.Increment(ref counter);
        var random = RandomNumberGenerator.GetHexString(RandomLength, lowercase: true);
        return Path.Combine(folder, $"fuzztest-{Environment.ProcessId}-{number}-{random}.map");
    }
}
