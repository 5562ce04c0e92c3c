using System.Text;
using FuzzTest.Messaging.Tcp;
using FuzzTest.Storage;

namespace FuzzTest.Sharing;

/// <summary>
/// A fuzz worker's side of the broker: publishes its new corpus entries, findings and figures,
/// and hands over what the other workers published. A worker that joins late (a replacement for
/// one that died) first receives the whole broadcast history, so it catches up.
/// </summary>
internal sealed class WorkerSharing : IDisposable
{
    /// <summary>How long a worker waits for the broker's answer when it registers.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly LlmpClient client;
    private readonly IReadOnlySet<string> skip;

    private WorkerSharing(LlmpClient client, IReadOnlySet<string> skip)
    {
        this.client = client;
        this.skip = skip;
    }

    /// <summary>Registers with the broker on <paramref name="port"/>; inputs whose content hash is in <paramref name="skip"/> (they killed a worker) are never imported.</summary>
    /// <exception cref="IOException">The broker does not answer.</exception>
    public static WorkerSharing Join(int port, IReadOnlySet<string> skip) => new(LlmpClient.Connect(port, ConnectTimeout), skip);

    /// <summary>Publishes a new corpus entry of this worker.</summary>
    public void PublishTestcase(ReadOnlySpan<byte> input) => client.Send(ShareTag.Testcase, input);

    /// <summary>Publishes the signature of a bug this worker reported.</summary>
    public void PublishFinding(string signature) => client.Send(ShareTag.Finding, Encoding.UTF8.GetBytes(signature));

    /// <summary>Sends this worker's figures to the broker (which keeps them for the status).</summary>
    public void PublishStats(WorkerStats stats)
    {
        Span<byte> payload = stackalloc byte[WorkerStats.Size];
        stats.Write(payload);
        client.Send(ShareTag.Stats, payload);
    }

    /// <summary>
    /// Hands over everything the other workers published since the last call: each testcase to
    /// <paramref name="import"/>, each finding's signature to <paramref name="finding"/>.
    /// </summary>
    /// <returns>Messages received.</returns>
    public int Receive(Action<byte[]> import, Action<string> finding)
    {
        var received = 0;
        while (client.TryReceive(out var message))
        {
            received++;
            switch (message.Tag)
            {
                case ShareTag.Testcase when skip.Count == 0 || !skip.Contains(AtomicFile.ContentHash(message.Payload)):
                    import(message.Payload.ToArray());
                    break;
                case ShareTag.Finding:
                    finding(Encoding.UTF8.GetString(message.Payload));
                    break;
            }
        }

        return received;
    }

    /// <inheritdoc />
    public void Dispose() => client.Dispose();
}
