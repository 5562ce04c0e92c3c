using System.Net;
using System.Net.Sockets;
using FuzzTest.Messaging.Llmp;
using FuzzTest.Messaging.Tcp;

namespace FuzzTest.Messaging.Tests;

/// <summary>Helpers for the TCP tests: waits are capped by counts, with a generous time limit only as a safety net.</summary>
internal static class TcpTestSupport
{
    public const uint Testcase = 1;
    public const uint Stats = 2;
    public const uint Fence = 3;

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Reads messages until a <see cref="Fence"/> came from each of <paramref name="fences"/> senders (FIFO per path: all they sent before has arrived).</summary>
    public static List<LlmpMessage> ReceiveUntilFences(LlmpClient client, int fences)
    {
        var messages = new List<LlmpMessage>();
        var seen = 0;
        var deadline = DateTime.UtcNow + Patience;
        while (seen < fences)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {seen} of {fences} fences arrived ({messages.Count} messages)");
            if (!client.TryReceive(out var view))
            {
                Thread.Sleep(1);
                continue;
            }

            if (view.Tag == Fence)
            {
                seen++;
            }
            else
            {
                messages.Add(new LlmpMessage(view.Tag, view.Sender, view.Payload.ToArray()));
            }
        }

        return messages;
    }

    /// <summary>Reads until <paramref name="count"/> messages have arrived.</summary>
    public static List<LlmpMessage> Receive(LlmpClient client, int count)
    {
        var messages = new List<LlmpMessage>();
        var deadline = DateTime.UtcNow + Patience;
        while (messages.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {messages.Count} of {count} messages arrived");
            if (client.TryReceive(out var view))
            {
                messages.Add(new LlmpMessage(view.Tag, view.Sender, view.Payload.ToArray()));
            }
            else
            {
                Thread.Sleep(1);
            }
        }

        return messages;
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            Thread.Sleep(5);
        }
    }

    /// <summary>A port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>A connected raw socket, for speaking the protocols wrongly on purpose.</summary>
    public static Socket Raw(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = (int)Patience.TotalMilliseconds };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    public static byte[] Payload(int source, int index) => [(byte)source, (byte)index, (byte)(index >> 8)];
}
