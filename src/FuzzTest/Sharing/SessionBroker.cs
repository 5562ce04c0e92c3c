using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using FuzzTest.Messaging.Tcp;
using FuzzTest.Sessions;

namespace FuzzTest.Sharing;

/// <summary>
/// The LLMP broker a session's workers share through: hosted by this session, or, on an agreed
/// port another session already holds, that session's broker (LibAFL's launcher election).
/// Links to brokers on other machines are opened by the hosting session only.
/// </summary>
internal sealed class SessionBroker : IDisposable
{
    // The broker's threads log here rather than through the session: the session may hold its
    // lock for a whole minimization, and the broker must not wait on it.
    private readonly ConcurrentQueue<string> log = new();
    private readonly object election = new();
    private LlmpBrokerHost? broker;
    private int joinedPort;
    private string links = "";

    /// <summary>Hosts or joins the broker <paramref name="share"/> describes; <paramref name="say"/> hears what the session should know at once.</summary>
    /// <exception cref="IOException">An agreed broker port can be neither bound nor joined.</exception>
    public SessionBroker(ShareSettings share, Action<string> say)
    {
        try
        {
            Start(share, say);
        }
        catch
        {
            // A listener that cannot bind, say: the broker must not outlive the error.
            broker?.Dispose();
            throw;
        }
    }

    /// <summary>The workers' figures, as the hosted broker's hook collects them.</summary>
    public StatsBoard Board { get; } = new();

    /// <summary>"an LLMP broker (127.0.0.1:port, links…)", for the session's first line.</summary>
    public string Description => broker is { } b
        ? string.Create(CultureInfo.InvariantCulture, $"an LLMP broker (127.0.0.1:{b.Port}{links})")
        : string.Create(CultureInfo.InvariantCulture, $"the LLMP broker of another session (127.0.0.1:{joinedPort})");

    /// <summary>
    /// The port a new worker registers on, asked before each one. A session that joined another's
    /// broker takes its place when that session has ended (the election again), so its new
    /// workers keep sharing.
    /// </summary>
    public int CurrentPort()
    {
        lock (election)
        {
            if (broker is { } hosted)
            {
                return hosted.Port;
            }

            try
            {
                // Binding is the election: while the other session lives, its broker holds the port.
                broker = LlmpBrokerHost.Start(Board.Forward, log.Enqueue, joinedPort);
                log.Enqueue(string.Create(CultureInfo.InvariantCulture, $"[fuzz] the session that hosted the LLMP broker on port {joinedPort} has ended; this session hosts it now."));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                // Still held: the worker registers with whoever holds it (and fuzzes alone if that fails).
            }

            return joinedPort;
        }
    }

    /// <summary>Hands the lines the broker logged since the last call to <paramref name="say"/>.</summary>
    public void FlushLog(Action<string> say)
    {
        while (log.TryDequeue(out var line))
        {
            say(line);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (election)
        {
            broker?.Dispose();
        }
    }

    private void Start(ShareSettings share, Action<string> say)
    {
        if (share.BrokerPort is not { } agreed)
        {
            broker = LlmpBrokerHost.Start(Board.Forward, log.Enqueue);
        }
        else
        {
            var role = LlmpNode.Join(agreed, Board.Forward, log.Enqueue, WorkerSharing.ConnectTimeout);
            if (role.Host is null)
            {
                // Only the port mattered: the workers register themselves.
                role.Dispose();
                joinedPort = agreed;
                if (share.Listen is not null || share.Connect.Count > 0)
                {
                    say($"[fuzz] broker links ({ShareSettings.ListenVariable}, {ShareSettings.ConnectVariable}) are opened by the session that hosts the broker on port {agreed}, not by this one.");
                }

                return;
            }

            broker = role.Host;
        }

        if (share.Listen is { } endpoint)
        {
            var bound = broker.ListenForBrokers(endpoint, share.Secret);
            links += $", brokers linking on {bound}";
        }

        foreach (var (host, port) in share.Connect)
        {
            broker.ConnectToBroker(host, port, share.Secret);
            links += string.Create(CultureInfo.InvariantCulture, $", linked to {host}:{port}");
        }
    }
}
