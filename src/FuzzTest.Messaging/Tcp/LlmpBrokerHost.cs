using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using FuzzTest.Messaging.Llmp;

namespace FuzzTest.Messaging.Tcp;

/// <summary>
/// Runs an <see cref="LlmpBroker"/> on a thread of its own (the pump thread) and registers clients
/// that connect over TCP on 127.0.0.1 (see <see cref="RegistrationFrames"/>). Only the pump thread
/// touches the broker: registrations and messages from other brokers are handed to it through
/// queues. On request it also links to brokers elsewhere (<see cref="ListenForBrokers"/>,
/// <see cref="ConnectToBroker"/>): their messages reach the local clients under a sender id with
/// <see cref="RemoteSenderFlag"/> set, without passing the forward hook (their own broker's hook
/// already chose to forward them).
/// </summary>
internal sealed partial class LlmpBrokerHost : IDisposable
{
    /// <summary>How long a registration may take before the host gives up on a silent or slow client.</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly LlmpBroker.Forward forward;
    private readonly Action<string> log;
    private readonly Lock logGate = new();
    private readonly Socket listener;
    private readonly TimeSpan handshakeTimeout;
    private readonly LlmpBroker broker;
    private readonly Doorbell doorbell;
    private readonly OriginLog origins;
    private readonly ConcurrentQueue<PendingRegistration> registrations = new();
    private readonly ConcurrentDictionary<Socket, byte> handshakes = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Thread pumpThread;
    private readonly Thread acceptThread;
    private uint nextClientId = 1;
    private int clientCount;
    private int disposed;

    private LlmpBrokerHost(LlmpBroker.Forward forward, Action<string> log, Socket listener, long pageSize, TimeSpan handshakeTimeout)
    {
        this.forward = forward;
        this.log = log;
        this.listener = listener;
        this.handshakeTimeout = handshakeTimeout;
        BrokerId = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
        origins = new OriginLog(BrokerId);
        broker = new LlmpBroker(ForwardAndRecord, Log, pageSize);
        doorbell = Doorbell.Create();
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        pumpThread = new Thread(PumpLoop) { IsBackground = true, Name = $"LLMP broker pump :{Port}" };
        acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = $"LLMP broker registrations :{Port}" };
    }

    /// <summary>The TCP port clients register on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Clients registered so far (a client that left still counts; see <see cref="LiveClients"/> for those present).</summary>
    public int ClientCount => Volatile.Read(ref clientCount);

    /// <summary>This host's id among linked brokers: random, so two machines never pick the same one.</summary>
    public ulong BrokerId { get; }

    /// <summary>
    /// Binds 127.0.0.1:<paramref name="port"/> and starts the pump and registration threads.
    /// </summary>
    /// <param name="forward">The broker's hook (see <see cref="LlmpBroker.Forward"/>), called on the pump thread only.</param>
    /// <param name="log">Where refused registrations, dropped clients and link events are reported; calls are serialised.</param>
    /// <param name="port">The port to bind; 0 picks a free one (see <see cref="Port"/>).</param>
    /// <param name="pageSize">Bytes per broadcast page.</param>
    /// <param name="handshakeTimeout">Limit on each read of a handshake; <see cref="DefaultHandshakeTimeout"/> when null.</param>
    /// <exception cref="SocketException">The port is taken (<see cref="SocketError.AddressAlreadyInUse"/>) or cannot be bound.</exception>
    public static LlmpBrokerHost Start(LlmpBroker.Forward forward, Action<string> log, int port = 0, long pageSize = LlmpSender.DefaultPageSize, TimeSpan? handshakeTimeout = null)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        LlmpBrokerHost host;
        try
        {
            // Only one listener can hold the port (no SO_REUSEPORT): binding it is the broker election.
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            listener.Listen();
            host = new LlmpBrokerHost(forward, log, listener, pageSize, handshakeTimeout ?? DefaultHandshakeTimeout);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        host.pumpThread.Start();
        host.acceptThread.Start();
        return host;
    }

    /// <summary>Stops every thread, closes every connection and link, and disposes the broker.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        stopping.Cancel();
        listener.Dispose();
        foreach (var socket in handshakes.Keys)
        {
            socket.Dispose();
        }

        StopLinks();
        acceptThread.Join();
        pumpThread.Join();
        CloseConnections();
        FailPendingRegistrations();
        broker.Dispose();
        doorbell.Dispose();
        stopping.Dispose();
    }

    private void Log(string line)
    {
        lock (logGate)
        {
            try
            {
                log(line);
            }
            catch (Exception)
            {
                // The caller's log failed: nowhere left to report it, and a broker thread must not die of it.
            }
        }
    }

    // The broker's hook: the caller's decision, and for a forwarded message its origin entry,
    // written before the broker copies it to the broadcast chain (see OriginLog).
    private bool ForwardAndRecord(in LlmpView message)
    {
        if (PageLayout.IsReserved(message.Tag))
        {
            // A client that wrote a reserved tag into its page by hand: the broadcast would refuse
            // it after its origin entry was written, and every later entry would be off by one.
            Log($"LLMP broker :{Port}: dropped a message with the reserved tag 0x{message.Tag:x} from client {message.Sender}");
            return false;
        }

        if (!forward(in message))
        {
            return false;
        }

        origins.AppendLocal();
        return true;
    }

    // Idle past the spin window, the pump sleeps on the doorbell: a client that publishes (and
    // any thread of this host that queues work for it) wakes it at once; a wakeup lost to the
    // race the doorbell accepts costs at most one sleep limit (see Doorbell).
    private void PumpLoop()
    {
        var backoff = new IdleBackoff();
        while (!stopping.IsCancellationRequested)
        {
            var work = Round();
            if (work == 0 && !backoff.TrySpin())
            {
                var ticket = doorbell.PrepareToSleep();

                // Published before the flag went up: rang no bell, so look once more first.
                work = Round();
                if (work == 0)
                {
                    doorbell.Sleep(ticket);
                }
                else
                {
                    doorbell.Awake();
                }
            }

            if (work > 0)
            {
                WakeLinks();
                backoff.Worked();
            }
        }
    }

    // One pass over every source of work; returns how much it found.
    private int Round()
    {
        int work;
        try
        {
            work = TakeRegistrations() + TakeDepartures() + TakeRemoteMessages() + broker.Pump();
        }
        catch (Exception e)
        {
            // The caller's hook threw (that message is consumed), or a new broadcast page could
            // not be created: report it and keep serving; a pump thread that died would take
            // the whole process with it.
            Log($"LLMP broker :{Port}: a pump round failed: {e.GetType().Name}: {e.Message}");
            work = 1;
        }

        // Also counts clients dropped as malformed, which no departure reports.
        Volatile.Write(ref liveClients, broker.ClientCount);
        return work;
    }
}
