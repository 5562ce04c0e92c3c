#pragma warning disable CS1591
namespace FuzzTest.Messaging.Tcp;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FuzzTest.Messaging.Llmp;
internal sealed class LlmpBrokerHost : IDisposable
{
    private readonly LlmpBroker broker;
    private readonly TcpListener listener;
    private readonly ConcurrentQueue<(uint, string, long)> pending = new();
    private volatile bool done;
    private uint next;
    private LlmpBrokerHost(LlmpBroker broker, TcpListener listener) { this.broker = broker; this.listener = listener; }
    public static LlmpBrokerHost Start(LlmpBroker.Forward forward, Action<string> log, int port = 0, long pageSize = LlmpSender.DefaultPageSize)
    {
        var l = new TcpListener(IPAddress.Loopback, port); l.Start();
        var h = new LlmpBrokerHost(new LlmpBroker(forward, log, pageSize), l);
        new Thread(h.Accept) { IsBackground = true }.Start();
        new Thread(h.PumpLoop) { IsBackground = true }.Start();
        return h;
    }
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;
    private void Accept()
    {
        while (!done)
        {
            try
            {
                using var c = listener.AcceptTcpClient();
                var r = new BinaryReader(c.GetStream()); var w = new BinaryWriter(c.GetStream());
                var name = r.ReadString(); var size = r.ReadInt64();
                var id = ++next; pending.Enqueue((id, name, size));
                w.Write(id); w.Write(broker.Broadcast.FirstPageName); w.Write(broker.Broadcast.FirstPageSize); w.Flush();
                r.ReadByte();
            }
            catch (Exception) { }
        }
    }
    private void PumpLoop()
    {
        while (!done)
        {
            while (pending.TryDequeue(out var p)) broker.AddClient(p.Item1, p.Item2, p.Item3);
            if (broker.Pump() == 0) Thread.Sleep(1);
        }
    }
    public void Dispose() { done = true; listener.Stop(); Thread.Sleep(5); }
}
internal sealed class LlmpClient : IDisposable
{
    private readonly LlmpSender sender; private readonly LlmpReceiver receiver;
    private LlmpClient(uint id, LlmpSender s, LlmpReceiver r) { Id = id; sender = s; receiver = r; }
    public static LlmpClient Connect(int port, TimeSpan timeout, long pageSize = LlmpSender.DefaultPageSize)
    {
        using var c = new TcpClient(); c.Connect(IPAddress.Loopback, port);
        var r = new BinaryReader(c.GetStream()); var w = new BinaryWriter(c.GetStream());
        var tmp = new LlmpSender(0, pageSize);
        w.Write(tmp.FirstPageName); w.Write(tmp.FirstPageSize); w.Flush();
        var id = r.ReadUInt32(); var name = r.ReadString(); var size = r.ReadInt64();
        w.Write((byte)1); w.Flush();
        return new LlmpClient(id, tmp, new LlmpReceiver(name, size));
    }
    public uint Id { get; }
    public void Send(uint tag, ReadOnlySpan<byte> payload) => sender.Send(tag, payload, Id);
    public bool TryReceive(out LlmpView message) { while (receiver.TryReceiveInPlace(out message)) { if (message.Sender != Id) return true; } return false; }
    public void Dispose() { sender.Dispose(); receiver.Dispose(); }
}
