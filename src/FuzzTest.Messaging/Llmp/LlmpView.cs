namespace FuzzTest.Messaging.Llmp;

/// <summary>
/// A received message read in place, without a copy: valid until the next receive on the same
/// receiver (which may move on to another page and unmap this one).
/// </summary>
/// <param name="Tag">What the payload is.</param>
/// <param name="Sender">The sending client's id.</param>
/// <param name="Payload">The bytes, in the sender's page.</param>
internal readonly ref struct LlmpView(uint Tag, uint Sender, ReadOnlySpan<byte> Payload)
{
    /// <summary>What the payload is.</summary>
    public uint Tag { get; } = Tag;

    /// <summary>The sending client's id.</summary>
    public uint Sender { get; } = Sender;

    /// <summary>The bytes, in the sender's page.</summary>
    public ReadOnlySpan<byte> Payload { get; } = Payload;
}
