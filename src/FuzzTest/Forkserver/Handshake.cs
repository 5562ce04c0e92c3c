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
    public readonly record struct Result(uint Hello, int? MapSize, bool SharedMemoryInput);

    /// <summary>Reads the hello and answers it.</summary>
    /// <exception cref="ForkserverException">The target died, stayed silent or reported an error.</exception>
    public static Result Perform(Pipes pipes, TimeSpan timeout)
    {
        var hello = Read(pipes, timeout, "its hello");
        if (AflProtocol.IsNewHello(hello)) return Versioned(pipes, timeout, hello);
        if (AflProtocol.Error(hello) is { } error) throw new ForkserverException(error);

        var enabled = (hello & AflProtocol.OptEnabled) == AflProtocol.OptEnabled;
        var sharedMemory = enabled && (hello & AflProtocol.OptSharedMemoryFuzz) != 0;
        // A 4.04c target waits for a reply only when it offered something negotiable; we accept
        // shared-memory test cases and decline the dictionary (no dictionary mutator to feed yet).
        if (enabled && (hello & (AflProtocol.OptSharedMemoryFuzz | AflProtocol.OptAutoDictionary)) != 0)
            Send(pipes, AflProtocol.OptEnabled | (sharedMemory ? AflProtocol.OptSharedMemoryFuzz : 0));
        return new(hello, AflProtocol.OldMapSize(hello), sharedMemory);
    }

    // 4.20c+: complement, options, map size, dictionary (always sent, always read), hello again.
    private static Result Versioned(Pipes pipes, TimeSpan timeout, uint hello)
    {
        Send(pipes, hello ^ 0xFFFFFFFF);
        var options = Read(pipes, timeout, "its options");
        if (AflProtocol.Error(options) is { } error) throw new ForkserverException(error);
        int? mapSize = (options & AflProtocol.NewOptMapSize) != 0 ? (int)Read(pipes, timeout, "its map size") : null;
        if ((options & AflProtocol.NewOptAutoDictionary) != 0)
        {
            var length = Read(pipes, timeout, "its dictionary length");
            if (length is < 2 or > 0xFFFFFF) throw new ForkserverException($"the target sent a dictionary length of {length}");
            if (!pipes.TryRead(new byte[length], timeout, out _)) throw new ForkserverException("the target did not send its dictionary");
        }
        var echo = Read(pipes, timeout, "the closing hello");
        if (echo != hello) throw new ForkserverException($"the handshake ended with 0x{echo:X8} instead of 0x{hello:X8}");
        return new(hello, mapSize, (options & AflProtocol.NewOptSharedMemoryFuzz) != 0);
    }

    private static uint Read(Pipes pipes, TimeSpan timeout, string what) =>
        pipes.TryRead(timeout, out var word, out var closed) ? word
        : throw new ForkserverException(closed ? $"the target exited before sending {what}" : $"the target did not send {what} within {timeout.TotalSeconds:0.#} s");

    private static void Send(Pipes pipes, uint word)
    {
        if (!pipes.Write(word)) throw new ForkserverException("the target exited during the handshake");
    }
}
