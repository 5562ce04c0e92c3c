using System.Globalization;
using System.Runtime.InteropServices;
using FuzzTest.Forkserver;

namespace FuzzTest.AflTarget;

/// <summary>
/// Removes worker maps that an earlier relay left in /dev/shm. afl-fuzz and its tools end the
/// relay with SIGKILL, which no handler sees; a worker removes its map's name as soon as it
/// starts, but one that never got that far (killed while the runtime loaded) leaves the file.
/// Such a file is named after the relay's pid (<c>fuzztest-&lt;pid&gt;-…map</c>), and is removed
/// once no process has that pid.
/// </summary>
internal static class StaleMaps
{
    // errno ESRCH from kill(pid, 0): no such process (EPERM means it exists under another user).
    private const int NoSuchProcess = 3;

    /// <summary>Deletes maps whose creating process is gone; returns how many.</summary>
    public static int Remove(string folder = "/dev/shm")
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(folder, "fuzztest-*.map"))
        {
            var parts = Path.GetFileName(path).Split('-');
            if (parts.Length == 4 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && IsGone(pid))
            {
                try
                {
                    File.Delete(path);
                    removed++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another user's leftover, or removed meanwhile: not ours to worry about.
                }
            }
        }

        return removed;
    }

    private static bool IsGone(int pid) => pid > 0 && Libc.Kill(pid, 0) < 0 && Marshal.GetLastPInvokeError() == NoSuchProcess;
}
