namespace FuzzTest.Forkserver;

/// <summary>
/// Test cases in a file that the target reads as its stdin, or opens by name (the <c>@@</c>
/// argument). The target's stdin is a duplicate of our descriptor, so both share one file offset:
/// every forked child starts reading wherever the previous one stopped, hence the rewind after
/// each write (reopening the file per child would not help; afl-fuzz rewinds the same way).
/// </summary>
internal sealed unsafe class FileTestcase : ITestcaseWriter, IDisposable
{
    /// <summary><c>SEEK_SET</c>.</summary>
    private const int FromStart = 0;

    /// <summary>Opens (creating or emptying) <paramref name="path"/>.</summary>
    public FileTestcase(string path)
    {
        Path = path;
        Fd = Libc.Open(path, Libc.CreateEmpty, Libc.OwnerOnly);
        if (Fd < 0) throw Libc.Failure($"opening {path}");
    }

    /// <summary>The file's path, for the <c>@@</c> argument.</summary>
    public string Path { get; }

    /// <summary>The descriptor the target's stdin duplicates.</summary>
    public int Fd { get; private set; }

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<byte> input)
    {
        fixed (byte* data = input)
        {
            if (Libc.PositionalWrite(Fd, data, input.Length, 0) != input.Length) throw Libc.Failure("writing the test case");
        }
        if (Libc.Truncate(Fd, input.Length) != 0) throw Libc.Failure("truncating the test case");
        if (Libc.Seek(Fd, 0, FromStart) != 0) throw Libc.Failure("rewinding the test case");
    }

    /// <summary>Closes the descriptor.</summary>
    public void Dispose()
    {
        if (Fd < 0) return;
        Libc.Close(Fd);
        Fd = -1;
    }
}
