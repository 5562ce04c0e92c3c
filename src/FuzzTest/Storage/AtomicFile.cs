using System.Security.Cryptography;

namespace FuzzTest.Storage;

/// <summary>
/// Writes files so that a reader never sees a torn file and an existing file is never replaced:
/// the bytes go to a temporary file in the same folder, are flushed to disk, and are then
/// renamed onto the final name only if that name is free.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> unless a file already exists there.
    /// </summary>
    /// <returns>True when this call created the file; false when the name was already taken.</returns>
    public static bool TryCreate(string path, ReadOnlySpan<byte> content)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        if (File.Exists(path))
        {
            return false;
        }

        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                // overwrite: false turns a race with another writer into an IOException, never a lost file.
                File.Move(temp, path, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                return false;
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Lower-case hex of the first <paramref name="hexDigits"/> digits of the SHA-256 of <paramref name="content"/>.</summary>
    public static string ContentHash(ReadOnlySpan<byte> content, int hexDigits = 16)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, hash);
        return Convert.ToHexStringLower(hash)[..hexDigits];
    }
}
