using System.IO.MemoryMappedFiles;
using System.Security.Cryptography;

namespace FuzzTest.Messaging;

/// <summary>
/// A named block of memory that other processes can map: a file in /dev/shm on Linux (in the
/// temp folder elsewhere), mapped once with its pointer acquired, so reads and writes are plain
/// memory accesses.
/// </summary>
internal sealed unsafe class SharedSegment : IDisposable
{
    /// <summary>Longest name a page description carries.</summary>
    public const int MaxNameLength = 64;

    private static int created;
    private readonly MemoryMappedFile file;
    private readonly MemoryMappedViewAccessor view;
    private readonly bool owner;
    private int disposed;

    private SharedSegment(string name, long size, MemoryMappedFile file, MemoryMappedViewAccessor view, bool owner)
    {
        Name = name;
        Size = size;
        this.file = file;
        this.view = view;
        this.owner = owner;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        Start = pointer + view.PointerOffset;
        MemoryPopulation.Populate(pointer, size + view.PointerOffset);
    }

    /// <summary>The name another process opens it by.</summary>
    public string Name { get; }

    /// <summary>Bytes mapped.</summary>
    public long Size { get; }

    /// <summary>The first byte.</summary>
    public byte* Start { get; }

    /// <summary>A new name no segment has; at most 41 characters, so a caller may add a suffix and stay under <see cref="MaxNameLength"/>.</summary>
    public static string NewName() =>
        // pid + counter + random: unique here, and a name leaked by a killed process with a recycled pid never collides.
        $"fuzztest-llmp-{Environment.ProcessId}-{Interlocked.Increment(ref created)}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";

    /// <summary>Creates a zero-filled segment of <paramref name="size"/> bytes under a new unique name.</summary>
    public static SharedSegment Create(long size) => Create(NewName(), size);

    /// <summary>Creates a zero-filled segment of <paramref name="size"/> bytes named <paramref name="name"/>, which must not exist yet.</summary>
    /// <exception cref="IOException">A segment of that name exists.</exception>
    public static SharedSegment Create(string name, long size)
    {
        CheckName(name);
        var stream = new FileStream(PathOf(name), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            stream.SetLength(size);
            var file = MemoryMappedFile.CreateFromFile(stream, null, size, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
            return new SharedSegment(name, size, file, file.CreateViewAccessor(0, size, MemoryMappedFileAccess.ReadWrite), owner: true);
        }
        catch
        {
            stream.Dispose();
            File.Delete(PathOf(name));
            throw;
        }
    }

    /// <summary>Maps the segment <paramref name="name"/> of <paramref name="size"/> bytes, created by another side.</summary>
    /// <exception cref="InvalidDataException">No such segment, or it is shorter than described.</exception>
    public static SharedSegment Open(string name, long size)
    {
        CheckName(name);

        FileStream stream;
        try
        {
            stream = new FileStream(PathOf(name), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidDataException($"LLMP: segment {name} does not exist (its writer is gone).", e);
        }

        try
        {
            if (stream.Length < size)
            {
                throw new InvalidDataException($"LLMP: segment {name} holds {stream.Length} bytes, but {size} were described.");
            }

            var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
            return new SharedSegment(name, size, file, file.CreateViewAccessor(0, size, MemoryMappedFileAccess.ReadWrite), owner: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Removes the name <paramref name="name"/> if a segment has it and this process may remove
    /// it: nobody can open it any more, and its memory goes back to the system once the last
    /// mapping is gone. Best effort, never an error: a name that is gone already (the creator's
    /// own removal at dispose relies on that), could not be a segment's, or belongs to another
    /// user (/dev/shm is sticky) is left as it is.
    /// </summary>
    /// <returns>True when the name was there and is removed.</returns>
    public static bool Remove(string name)
    {
        if (!IsName(name))
        {
            return false;
        }

        var path = PathOf(name);
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Unmaps the segment; its creator also removes the name (mappings elsewhere stay valid).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        file.Dispose();
        if (owner)
        {
            File.Delete(PathOf(Name));
        }
    }

    // A name comes from another process (an end-of-page message): it must stay a plain file
    // name in the segment folder.
    private static void CheckName(string name)
    {
        if (!IsName(name))
        {
            throw new InvalidDataException($"LLMP: '{name}' is not a segment name.");
        }
    }

    private static bool IsName(string name) =>
        name.Length is > 0 and <= MaxNameLength && !name.Contains('/') && !name.Contains('\\') && !name.Contains("..");

    private static string PathOf(string name) => Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), name);
}
