using System.IO.MemoryMappedFiles;

namespace FuzzTest.Workers;

/// <summary>
/// The file behind a <see cref="WorkerMap"/>, mapped into this process with its pointer acquired:
/// opening, mapping, unlinking and releasing it, so that a failure part way never leaks a handle.
/// </summary>
internal sealed unsafe class WorkerMapFile : IDisposable
{
    private readonly MemoryMappedFile file;
    private readonly MemoryMappedViewAccessor view;

    /// <summary>True when this process created the file: it removes the name when done.</summary>
    private readonly bool owner;

    private int unlinked;

    private WorkerMapFile(string path, MemoryMappedFile file, MemoryMappedViewAccessor view, bool owner)
    {
        Path = path;
        this.file = file;
        this.view = view;
        this.owner = owner;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);

        // AcquirePointer returns the start of the mapped pages; the accessor's position 0 lies
        // PointerOffset bytes further (non-zero only for views that start off a page boundary).
        Start = pointer + view.PointerOffset;
    }

    /// <summary>The file (its name may already be unlinked).</summary>
    public string Path { get; }

    /// <summary>The first byte of the file in memory.</summary>
    public byte* Start { get; }

    /// <summary>Creates and maps a zero-filled file of <paramref name="size"/> bytes. Fails if the file exists.</summary>
    /// <param name="path">Where to create it.</param>
    /// <param name="size">Bytes to allocate and map.</param>
    /// <returns>The mapping; disposing it removes the file name, and so does a failure to map it.</returns>
    public static WorkerMapFile CreateNew(string path, int size)
    {
        // FileShare.Delete lets WorkerMap.Unlink remove the name while the map is open, also on Windows.
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        MemoryMappedFile? file = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            stream.SetLength(size);
            file = MemoryMappedFile.CreateFromFile(stream, null, size, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
            view = file.CreateViewAccessor(0, size, MemoryMappedFileAccess.ReadWrite);
            return new WorkerMapFile(path, file, view, owner: true);
        }
        catch
        {
            view?.Dispose();
            Release(stream, file);
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Opens and maps an existing file after <paramref name="measure"/> accepted it.</summary>
    /// <param name="path">The file to map.</param>
    /// <param name="measure">Checks the open file before anything is mapped and returns the bytes to map; throws to refuse it.</param>
    /// <returns>The mapping; it leaves the file in place when disposed.</returns>
    public static WorkerMapFile Open(string path, Func<FileStream, int> measure)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        MemoryMappedFile? file = null;
        try
        {
            var size = measure(stream);
            file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
            var view = file.CreateViewAccessor(0, size, MemoryMappedFileAccess.ReadWrite);
            return new WorkerMapFile(path, file, view, owner: false);
        }
        catch
        {
            Release(stream, file);
            throw;
        }
    }

    /// <summary>
    /// Removes the file name; mappings (in this and other processes) stay valid. Safe to call more
    /// than once.
    /// </summary>
    public void Unlink()
    {
        // Only the first call deletes: a later file of the same name is not ours to remove.
        if (Interlocked.Exchange(ref unlinked, 1) == 0)
        {
            File.Delete(Path);
        }
    }

    /// <summary>
    /// Unmaps the file, and removes its name if this process created it. Call once: the
    /// <see cref="WorkerMap"/> that owns it guards against a second call.
    /// </summary>
    public void Dispose()
    {
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        file.Dispose();
        if (owner)
        {
            Unlink();
        }
    }

    /// <summary>
    /// Closes what a failed open left behind: the mapping owns the stream once it exists (it was
    /// made without leaveOpen), so only one of them is disposed.
    /// </summary>
    private static void Release(FileStream stream, MemoryMappedFile? file)
    {
        if (file is null)
        {
            stream.Dispose();
        }
        else
        {
            file.Dispose();
        }
    }
}
