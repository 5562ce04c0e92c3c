namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// Lets a client wake an idle broker instead of leaving a message to wait for the broker's next
/// poll. A small shared segment, created by the host and named to clients in the registration
/// acceptance (see <see cref="RegistrationFrames"/>), holds a "broker is asleep" flag and a futex
/// word. The broker, idle past its spin window, raises the flag, checks its clients once more and
/// waits on the word for at most <see cref="MaxSleepMicroseconds"/>; a client that published
/// reads the flag and, only if it is up, takes it down, bumps the word and wakes the broker.
/// </summary>
/// <remarks>
/// Layout (<see cref="Size"/> bytes, each field on a cache line of its own: the flag is read on
/// every send and must not share a line with the word that wakers write):
/// <code>
/// offset size field
///      0    4 asleep  1 while the broker is waiting (or about to), 0 while it works
///     64    4 word    the futex word: bumped by every waker, waited on by the broker
/// </code>
/// The client's check is a plain volatile load, with no fence between its publish and the load:
/// a fence (or a syscall) on every send would cost the busy case, where the flag stays down, far
/// more than it saves. So a wakeup can be lost: the client's publish may still sit in its store
/// buffer when the broker rechecks, and its load may see the flag still down. The broker then
/// sleeps its full limit, which is what it did before there was a doorbell.
/// </remarks>
internal sealed unsafe class Doorbell : IDisposable
{
    /// <summary>Bytes of the segment: two cache lines.</summary>
    public const long Size = 128;

    /// <summary>
    /// Longest wait: 1 ms, the sleep the broker took per idle round before the doorbell. A lost
    /// wakeup costs no more than that, and about 1,000 wakeups a second of an idle broker cost
    /// well under 1 % of a core.
    /// </summary>
    public const long MaxSleepMicroseconds = 1000;

    private const int AsleepOffset = 0;
    private const int WordOffset = 64;

    private readonly SharedSegment segment;
    private readonly int* asleep;
    private readonly int* word;

    private Doorbell(SharedSegment segment)
    {
        this.segment = segment;
        asleep = (int*)(segment.Start + AsleepOffset);
        word = (int*)(segment.Start + WordOffset);
    }

    /// <summary>The segment's name, for the acceptance frame.</summary>
    public string Name => segment.Name;

    /// <summary>Creates the broker's doorbell (the host's side).</summary>
    public static Doorbell Create() => new(SharedSegment.Create(Size));

    /// <summary>Maps the doorbell <paramref name="name"/> a host created (a client's side).</summary>
    /// <exception cref="InvalidDataException">No such segment, or a size this layout does not fit in.</exception>
    public static Doorbell Open(string name, long size)
    {
        if (size < Size)
        {
            throw new InvalidDataException($"LLMP: a {size}-byte doorbell is smaller than the {Size} bytes of its layout.");
        }

        return new Doorbell(SharedSegment.Open(name, size));
    }

    /// <summary>After publishing: wakes the broker if it is asleep. Costs one load while it works.</summary>
    public void Ring()
    {
        // Only the first waker after the broker fell asleep pays for the syscall.
        if (Volatile.Read(ref *asleep) != 0 && Interlocked.Exchange(ref *asleep, 0) != 0)
        {
            Interlocked.Increment(ref *word);
            Futex.Wake(word);
        }
    }

    /// <summary>
    /// The broker is about to sleep: raises the flag and returns the word to wait on. The caller
    /// then checks its clients once more (a message published before the flag went up rang no
    /// bell) and calls <see cref="Sleep"/> only if that found nothing.
    /// </summary>
    public int PrepareToSleep()
    {
        var ticket = Volatile.Read(ref *word);
        Volatile.Write(ref *asleep, 1);

        // The flag must be visible before the recheck reads the clients' pages (store, then load).
        Interlocked.MemoryBarrier();
        return ticket;
    }

    /// <summary>Waits until a client rings after <see cref="PrepareToSleep"/> returned <paramref name="ticket"/>, or at most <see cref="MaxSleepMicroseconds"/>; then lowers the flag.</summary>
    public void Sleep(int ticket)
    {
        Futex.Wait(word, ticket, MaxSleepMicroseconds);
        Awake();
    }

    /// <summary>Lowers the flag: the broker works (and clients need not ring).</summary>
    public void Awake() => Volatile.Write(ref *asleep, 0);

    /// <inheritdoc />
    public void Dispose() => segment.Dispose();
}
