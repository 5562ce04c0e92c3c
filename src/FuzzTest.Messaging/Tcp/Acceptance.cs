namespace FuzzTest.Messaging.Tcp;

/// <summary>The fields of an acceptance (see <see cref="RegistrationFrames"/>).</summary>
/// <param name="Id">The client's id.</param>
/// <param name="BroadcastName">The broadcast chain's first page.</param>
/// <param name="BroadcastSize">Its size.</param>
/// <param name="DoorbellName">The broker's doorbell segment.</param>
/// <param name="DoorbellSize">Its size.</param>
internal readonly record struct Acceptance(uint Id, string BroadcastName, long BroadcastSize, string DoorbellName, long DoorbellSize);
