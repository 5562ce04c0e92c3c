namespace FuzzTest.Messaging.Tcp;

/// <summary>A message that arrived from another broker, on its way to the pump thread (the only writer of the broadcast chain).</summary>
/// <param name="Origin">Where it came from first, and the link it arrived over.</param>
/// <param name="Sender">The client id at the origin broker.</param>
/// <param name="Tag">Its tag.</param>
/// <param name="Payload">Its bytes (a copy: the frame's).</param>
internal readonly record struct RemoteMessage(Origin Origin, uint Sender, uint Tag, byte[] Payload);
