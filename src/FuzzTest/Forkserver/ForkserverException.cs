namespace FuzzTest.Forkserver;

/// <summary>The target could not be driven: it did not start, failed the handshake, or its forkserver died.</summary>
/// <param name="message">What happened, with the target's stderr when there is any.</param>
internal sealed class ForkserverException(string message) : Exception(message);
