namespace FuzzTest.Messaging.Tcp;

/// <summary>Links to other brokers.</summary>
internal sealed partial class LlmpBrokerHost
{
    /// <summary>Set on the sender id of every message that came from another broker.</summary>
    public const uint RemoteSenderFlag = 0x8000_0000;

    private int TakeRemoteMessages() => 0;

    private void StopLinks()
    {
    }
}
