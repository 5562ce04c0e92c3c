namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// Where a broadcast message came from, as brokers tell each other: the broker whose client sent
/// it first and that broker's running number for it. The pair names a message across every
/// broker, so a broker that gets it twice (a triangle of links, a replay after a reconnect) can
/// drop the second copy.
/// </summary>
/// <param name="Broker">The id of the broker whose client sent the message (random per host, see <see cref="LlmpBrokerHost.BrokerId"/>).</param>
/// <param name="Sequence">That broker's number for it: 1, 2, 3 … over the messages its own clients sent.</param>
/// <param name="ViaLink">The local link it arrived over (0: a local client sent it), so it is not sent back there.</param>
internal readonly record struct Origin(ulong Broker, long Sequence, int ViaLink);
