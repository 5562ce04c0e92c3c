using System.Buffers.Binary;
using System.Text;
using FuzzTest.Messaging.Tcp;

namespace FuzzTest.Sharing;

/// <summary>
/// A fuzz worker's side of the broker: publishes its new corpus entries, findings and figures,
/// and hands over what the other workers published. A worker that joins late (a replacement for
/// one that died) first receives the whole broadcast history, so it catches up.
/// </summary>
/// <remarks>
/// Testcases and findings start with a 4-byte topic, the FNV-1a hash of the fuzzed method's
/// full name: sessions that share one broker (an agreed port) may be fuzzing different methods
/// at the moment, and each worker takes only its own method's.
/// </remarks>
internal sealed class WorkerSharing : IDisposable
{
    /// <summary>How long a worker waits for the broker's answer when it registers.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Bytes of the topic before a testcase's or finding's own bytes.</summary>
    public const int TopicSize = 4;

    private readonly LlmpClient client;
    private readonly uint topic;

    private WorkerSharing(LlmpClient client, uint topic)
    {
        this.client = client;
        this.topic = topic;
    }

    /// <summary>Registers with the broker on <paramref name="port"/>, to share the finds of <paramref name="target"/> (the method's full name).</summary>
    /// <exception cref="IOException">The broker does not answer.</exception>
    /// <exception cref="InvalidDataException">The broker refused the registration.</exception>
    public static WorkerSharing Join(int port, string target) => new(LlmpClient.Connect(port, ConnectTimeout), TopicOf(target));

    /// <summary>The topic of <paramref name="target"/>: FNV-1a over its UTF-8 name, the same in every process.</summary>
    public static uint TopicOf(string target)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(target))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    /// <summary>Publishes a new corpus entry of this worker.</summary>
    public void PublishTestcase(ReadOnlySpan<byte> input) => Publish(ShareTag.Testcase, input);

    /// <summary>Publishes the signature of a bug this worker reported.</summary>
    public void PublishFinding(string signature) => Publish(ShareTag.Finding, Encoding.UTF8.GetBytes(signature));

    /// <summary>Sends this worker's figures to the broker (which keeps them for the status).</summary>
    public void PublishStats(WorkerStats stats)
    {
        Span<byte> payload = stackalloc byte[WorkerStats.Size];
        stats.Write(payload);
        client.Send(ShareTag.Stats, payload);
    }

    /// <summary>
    /// Hands over what the other workers published for this method since the last call: each
    /// testcase to <paramref name="import"/>, each finding's signature to <paramref name="finding"/>,
    /// until <paramref name="mayRun"/> says no more runs (the run cap, a stop): the rest stays in
    /// the broadcast for the next call.
    /// </summary>
    /// <returns>Messages received.</returns>
    public int Receive(Action<byte[]> import, Action<string> finding, Func<bool> mayRun)
    {
        var received = 0;
        while (mayRun() && client.TryReceive(out var message))
        {
            received++;
            if (message.Payload.Length < TopicSize || BinaryPrimitives.ReadUInt32LittleEndian(message.Payload) != topic)
            {
                continue;
            }

            var body = message.Payload[TopicSize..];
            switch (message.Tag)
            {
                case ShareTag.Testcase:
                    import(body.ToArray());
                    break;
                case ShareTag.Finding:
                    finding(Encoding.UTF8.GetString(body));
                    break;
            }
        }

        return received;
    }

    /// <inheritdoc />
    public void Dispose() => client.Dispose();

    private void Publish(uint tag, ReadOnlySpan<byte> body)
    {
        var payload = new byte[TopicSize + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, topic);
        body.CopyTo(payload.AsSpan(TopicSize));
        client.Send(tag, payload);
    }
}
