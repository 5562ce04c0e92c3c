namespace FuzzTest.Messaging.Llmp;

/// <summary>A message as received: its tag, the client that sent it, and a copy of its payload.</summary>
/// <param name="Tag">What the payload is, as the sender tagged it.</param>
/// <param name="Sender">The sending client's id.</param>
/// <param name="Payload">The bytes sent.</param>
internal readonly record struct LlmpMessage(uint Tag, uint Sender, byte[] Payload);
