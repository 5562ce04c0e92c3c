using System.Net.Sockets;
using FuzzTest.Messaging.Llmp;

namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// Broker election as LibAFL's launcher does it: every process tries to bind the port; the one
/// that succeeds is the broker, every other one registers with it as a client.
/// </summary>
internal static class LlmpNode
{
    /// <summary>
    /// Rounds of bind-then-connect before giving up. A round is lost only when the broker that held
    /// the port died between our bind and our connect; then the port is free for the next round,
    /// so a few rounds settle any such race.
    /// </summary>
    public const int Attempts = 5;

    /// <summary>Pause between rounds, times the round number: long enough for a dying broker's socket to close.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Becomes the broker on 127.0.0.1:<paramref name="port"/>, or a client of the broker already there.</summary>
    /// <param name="port">The agreed port (not 0: the others must find it).</param>
    /// <param name="forward">The broker's hook, used only if this process becomes the broker.</param>
    /// <param name="log">Where the broker reports; used only if this process becomes the broker.</param>
    /// <param name="timeout">Limit on a client's registration.</param>
    /// <param name="pageSize">Bytes per page, for the broadcast chain or the client's chain.</param>
    /// <exception cref="IOException">Neither role could be taken in <see cref="Attempts"/> rounds.</exception>
    /// <exception cref="InvalidDataException">Something holds the port that is not a broker of this protocol.</exception>
    public static LlmpRole Join(int port, LlmpBroker.Forward forward, Action<string> log, TimeSpan timeout, long pageSize = LlmpSender.DefaultPageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(port, 0);
        IOException? last = null;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                return new LlmpRole(LlmpBrokerHost.Start(forward, log, port, pageSize));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                // Taken: by a live broker, we hope; the registration tells.
            }

            try
            {
                return new LlmpRole(LlmpClient.Connect(port, timeout, pageSize));
            }
            catch (IOException e)
            {
                // Refused or cut: the broker that held the port is going away. Try to take its place.
                last = e;
                Thread.Sleep(RetryDelay * attempt);
            }
        }

        throw new IOException($"LLMP: could neither bind port {port} nor register with a broker there in {Attempts} attempts.", last);
    }
}
