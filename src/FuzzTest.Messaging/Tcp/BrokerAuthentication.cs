using System.Net.Sockets;
using System.Security.Cryptography;

namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// The start of a broker link: both sides prove they know the shared secret by an HMAC over the
/// other's fresh nonce (see <see cref="BrokerLinkFrames"/>), compared in constant time. The
/// accepting side checks the connecting side's proof before it shows its own, so a stranger
/// learns nothing it could use.
/// </summary>
internal static class BrokerAuthentication
{
    /// <summary>Runs the connecting side's half; returns the peer's broker id.</summary>
    /// <exception cref="InvalidDataException">The peer is not a broker of this protocol, refused us, or failed its proof.</exception>
    /// <exception cref="SocketException">The connection failed or a read timed out.</exception>
    /// <exception cref="EndOfStreamException">The peer closed the connection.</exception>
    public static ulong Connect(Socket socket, ulong self, ReadOnlySpan<byte> secret)
    {
        var nonce = RandomNumberGenerator.GetBytes(BrokerLinkFrames.NonceSize);
        TcpFrame.Write(socket, BrokerLinkFrames.HelloKind, BrokerLinkFrames.Hello(self, nonce));
        var (peer, peerNonce) = BrokerLinkFrames.ReadHello(Read(socket));
        ThrowIfSelf(self, peer);
        TcpFrame.Write(socket, BrokerLinkFrames.ProofKind, BrokerLinkFrames.Proof(secret, self, peerNonce, nonce, peer));
        var proof = Read(socket);
        BrokerLinkFrames.ThrowIfError(proof);
        Verify(proof, BrokerLinkFrames.Proof(secret, peer, nonce, peerNonce, self));
        return peer;
    }

    /// <summary>Runs the accepting side's half; returns the peer's broker id. A peer that fails gets an error frame.</summary>
    /// <exception cref="InvalidDataException">The peer is not a broker of this protocol, or failed its proof.</exception>
    /// <exception cref="SocketException">The connection failed or a read timed out.</exception>
    /// <exception cref="EndOfStreamException">The peer closed the connection.</exception>
    public static ulong Accept(Socket socket, ulong self, ReadOnlySpan<byte> secret)
    {
        var (peer, peerNonce) = BrokerLinkFrames.ReadHello(Read(socket));
        ThrowIfSelf(self, peer);
        var nonce = RandomNumberGenerator.GetBytes(BrokerLinkFrames.NonceSize);
        TcpFrame.Write(socket, BrokerLinkFrames.HelloKind, BrokerLinkFrames.Hello(self, nonce));
        var proof = Read(socket);
        BrokerLinkFrames.ThrowIfError(proof);
        Verify(proof, BrokerLinkFrames.Proof(secret, peer, nonce, peerNonce, self));
        TcpFrame.Write(socket, BrokerLinkFrames.ProofKind, BrokerLinkFrames.Proof(secret, self, peerNonce, nonce, peer));
        return peer;
    }

    private static TcpFrame Read(Socket socket) => TcpFrame.Read(socket, BrokerLinkFrames.MaxHandshakeFrameLength);

    private static void ThrowIfSelf(ulong self, ulong peer)
    {
        if (peer == self)
        {
            throw new InvalidDataException($"the peer claims this broker's own id {self:x16} (a link to itself?)");
        }
    }

    private static void Verify(TcpFrame proof, byte[] expected)
    {
        if (proof.Kind != BrokerLinkFrames.ProofKind || !CryptographicOperations.FixedTimeEquals(proof.Body, expected))
        {
            throw new InvalidDataException("authentication failed: the peer does not know the shared secret");
        }
    }
}
