#pragma warning disable CS1591
namespace FuzzTest.Messaging.Tcp;
using FuzzTest.Messaging.Llmp;
internal sealed class LlmpBrokerHost : IDisposable
{
    public static LlmpBrokerHost Start(LlmpBroker.Forward forward, Action<string> log, int port = 0, long pageSize = LlmpSender.DefaultPageSize) => throw new NotImplementedException();
    public int Port => 0;
    public void Dispose() { }
}
internal sealed class LlmpClient : IDisposable
{
    public static LlmpClient Connect(int port, TimeSpan timeout, long pageSize = LlmpSender.DefaultPageSize) => throw new NotImplementedException();
    public uint Id => 0;
    public void Send(uint tag, ReadOnlySpan<byte> payload) { }
    public bool TryReceive(out LlmpView message) { message = default; return false; }
    public void Dispose() { }
}
