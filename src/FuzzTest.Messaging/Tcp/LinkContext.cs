namespace FuzzTest.Messaging.Tcp;

/// <summary>What a <see cref="BrokerLink"/> needs from its host: who it is, the broadcast chain to forward, and where arrivals go.</summary>
/// <param name="BrokerId">The host's broker id.</param>
/// <param name="BroadcastName">The broadcast chain's first page: a link replays it from the start, so a new peer gets the whole history.</param>
/// <param name="BroadcastSize">That page's size.</param>
/// <param name="Origins">The origin of each broadcast message, by position.</param>
/// <param name="Deliver">Hands an arrived message to the pump thread.</param>
/// <param name="Log">Where link events are reported.</param>
/// <param name="Stopping">Set when the host shuts down: links end without complaint.</param>
internal sealed record LinkContext(ulong BrokerId, string BroadcastName, long BroadcastSize, OriginLog Origins, Action<RemoteMessage> Deliver, Action<string> Log, CancellationToken Stopping);
