namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// A client's registration on its way from the thread that read its hello to the pump thread
/// (the only one that may add it to the broker) and back with an id or a reason. If the reading
/// thread gives up first, the pump thread skips it, so a client is never added that was told no.
/// </summary>
/// <param name="name">The client's first page.</param>
/// <param name="size">Its size.</param>
internal sealed class PendingRegistration(string name, long size) : IDisposable
{
    private const int Waiting = 0;
    private const int Taken = 1;
    private const int Abandoned = 2;

    private readonly ManualResetEventSlim done = new();
    private int state = Waiting;

    /// <summary>The client's first page.</summary>
    public string Name { get; } = name;

    /// <summary>Its size.</summary>
    public long Size { get; } = size;

    /// <summary>The assigned id, once accepted.</summary>
    public uint Id { get; private set; }

    /// <summary>Why it was refused, or null once accepted.</summary>
    public string? Error { get; private set; }

    /// <summary>The pump thread claims it; false when the reading thread already gave up.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref state, Taken, Waiting) == Waiting;

    /// <summary>Accepts it under <paramref name="id"/>.</summary>
    public void Accept(uint id)
    {
        Id = id;
        done.Set();
    }

    /// <summary>Refuses it for <paramref name="reason"/>.</summary>
    public void Refuse(string reason)
    {
        Error = reason;
        done.Set();
    }

    /// <summary>Waits for the answer; false (and the registration is abandoned) when none came in time.</summary>
    public bool Wait(TimeSpan timeout)
    {
        if (done.Wait(timeout))
        {
            return true;
        }

        if (Interlocked.CompareExchange(ref state, Abandoned, Waiting) == Waiting)
        {
            return false;
        }

        // Taken just now: the pump thread answers without blocking.
        done.Wait();
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => done.Dispose();
}
