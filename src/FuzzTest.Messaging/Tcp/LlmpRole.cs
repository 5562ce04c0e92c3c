namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// What <see cref="LlmpNode.Join"/> made of this process: the broker (it bound the port) or a
/// client of the broker that had. Exactly one of <see cref="Host"/> and <see cref="Client"/> is set.
/// </summary>
internal sealed class LlmpRole : IDisposable
{
    /// <summary>Makes this process the broker.</summary>
    public LlmpRole(LlmpBrokerHost host) => Host = host;

    /// <summary>Makes this process a client.</summary>
    public LlmpRole(LlmpClient client) => Client = client;

    /// <summary>The broker this process runs, if it won the port.</summary>
    public LlmpBrokerHost? Host { get; }

    /// <summary>This process's registration with the broker, if another process won the port.</summary>
    public LlmpClient? Client { get; }

    /// <summary>True when this process is the broker.</summary>
    public bool IsBroker => Host is not null;

    /// <inheritdoc />
    public void Dispose()
    {
        Host?.Dispose();
        Client?.Dispose();
    }
}
