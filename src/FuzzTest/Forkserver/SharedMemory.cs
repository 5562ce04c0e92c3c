namespace FuzzTest.Forkserver;

/// <summary>
/// A SysV shared-memory segment that a target attaches by the id we export in its environment
/// (AFL's coverage map and test-case segment are both these).
/// </summary>
/// <remarks>
/// The segment is marked for removal right after we attach it: Linux still lets other processes
/// attach a marked segment by id while it is attached somewhere, and the kernel frees it when the
/// last process detaches, so neither a crash of ours nor of the target leaks it (AFL++ #2105).
/// </remarks>
internal sealed unsafe class SharedMemory : IDisposable
{
    private nint address;

    /// <summary>Creates and attaches a zeroed segment of <paramref name="size"/> bytes.</summary>
    public SharedMemory(int size)
    {
        Id = Libc.ShmGet(Libc.IpcPrivate, (nuint)size, Libc.IpcCreateExclusive);
        if (Id < 0) throw Libc.Failure($"shmget of {size} bytes");
        address = Libc.ShmAttach(Id, 0, 0);
        if (address == -1)
        {
            var failure = Libc.Failure("shmat");
            Libc.ShmControl(Id, Libc.IpcRemove, 0);
            throw failure;
        }
        Libc.ShmControl(Id, Libc.IpcRemove, 0);
        Size = size;
    }

    /// <summary>The SysV id, exported in decimal to the target.</summary>
    public int Id { get; }

    /// <summary>The segment's size in bytes.</summary>
    public int Size { get; }

    /// <summary>The segment's bytes.</summary>
    public Span<byte> Bytes
    {
        get
        {
            ObjectDisposedException.ThrowIf(address == 0, this);
            return new Span<byte>((void*)address, Size);
        }
    }

    /// <summary>Detaches the segment; the kernel frees it once the target has detached too.</summary>
    public void Dispose()
    {
        if (address == 0) return;
        Libc.ShmDetach(address);
        address = 0;
    }
}
