namespace FuzzTest.Forkserver;

/// <summary>
/// The forkserver's hello and our answer, in either generation (see <see cref="AflProtocol"/>).
/// </summary>
internal static class Handshake
{
    /// <summary>What the target told us.</summary>
    /// <param name="Hello">The first word it sent.</param>
    /// <param name="MapSize">Its coverage map size in bytes, when it said.</param>
    /// <param name="SharedMemoryInput">True when test cases go through the shared-memory segment.</param>
    /// <param name="Dictionary">The target's autodictionary (comparison constants its compiler collected); empty when it has none.</param>
    public readonly record struct Result(uint Hello, int? MapSize, bool SharedMemoryInput, IReadOnlyList<byte[]> Dictionary);

    /// <summary>Reads the hello and answers it.</summary>
    /// <exception cref="ForkserverException">The target died, stayed silent or reported an error.</exception>
    public static Result Perform(Pipes pipes, TimeSpan timeout)
    {
        var hello = Read(pipes, timeout, "its hello");
        if (AflProtocol.IsNewHello(hello)) return Versioned(pipes, timeout, hello);
        if (AflProtocol.Error(hello) is { } error) throw new ForkserverException(error);

        var enabled = (hello & AflProtocol.OptEnabled) == AflProtocol.OptEnabled;
        var sharedMemory = enabled && (hello & AflProtocol.OptSharedMemoryFuzz) != 0;
        var dictionary = enabled && (hello & AflProtocol.OptAutoDictionary) != 0;
        // A 4.04c target waits for a reply only when it offered something negotiable; we accept
        // shared-memory test cases and the dictionary (its tokens feed the havoc mutator).
        if (sharedMemory || dictionary)
            Send(pipes, AflProtocol.OptEnabled | (sharedMemory ? AflProtocol.OptSharedMemoryFuzz : 0) | (dictionary ? AflProtocol.OptAutoDictionary : 0));
        return new(hello, AflProtocol.OldMapSize(hello), sharedMemory, dictionary ? ReadDictionary(pipes, timeout) : []);
    }

    // 4.20c+: complement, options, map size, dictionary (always sent, always read), hello again.
    private static Result Versioned(Pipes pipes, TimeSpan timeout, uint hello)
    {
        Send(pipes, hello ^ 0xFFFFFFFF);
        var options = Read(pipes, timeout, "its options");
        if (AflProtocol.Error(options) is { } error) throw new ForkserverException(error);
        int? mapSize = (options & AflProtocol.NewOptMapSize) != 0 ? (int)Read(pipes, timeout, "its map size") : null;
        var dictionary = (options & AflProtocol.NewOptAutoDictionary) != 0 ? ReadDictionary(pipes, timeout) : [];
        var echo = Read(pipes, timeout, "the closing hello");
        if (echo != hello) throw new ForkserverException($"the handshake ended with 0x{echo:X8} instead of 0x{hello:X8}");
        return new(hello, mapSize, (options & AflProtocol.NewOptSharedMemoryFuzz) != 0, dictionary);
    }

    // Both generations: a u32 length (2..0xFFFFFF), then entries of one length byte and that many bytes.
    private static List<byte[]> ReadDictionary(Pipes pipes, TimeSpan timeout)
    {
        var length = Read(pipes, timeout, "its dictionary length");
        if (length is < 2 or > AflProtocol.MaxDictionaryLength) throw new ForkserverException($"the target sent a dictionary length of {length}");
        var bytes = new byte[length];
        if (!pipes.TryRead(bytes, timeout, out _)) throw new ForkserverException("the target did not send its dictionary");
        var tokens = new List<byte[]>();
        for (var at = 0; at < bytes.Length && at + 1 + bytes[at] <= bytes.Length; at += 1 + bytes[at])
        {
            if (bytes[at] > 0) tokens.Add(bytes.AsSpan(at + 1, bytes[at]).ToArray());
        }

        return tokens;
    }

    private static uint Read(Pipes pipes, TimeSpan timeout, string what) =>
        pipes.TryRead(timeout, out var word, out var closed) ? word
        : throw new ForkserverException(closed ? $"the target exited before sending {what}" : $"the target did not send {what} within {timeout.TotalSeconds:0.#} s");

    private static void Send(Pipes pipes, uint word)
    {
        if (!pipes.Write(word)) throw new ForkserverException("the target exited during the handshake");
    }
}
