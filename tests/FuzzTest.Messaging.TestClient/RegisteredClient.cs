using System.Globalization;
using FuzzTest.Messaging.Tcp;

namespace FuzzTest.Messaging.TestClient;

/// <summary>
/// The test client's <c>tcp</c> mode (see <see cref="Program"/>): a client registered over TCP
/// that publishes a known number of messages, says so, and waits to be killed. Its pages are
/// still in /dev/shm then, so a broker that reads them after the kill finds every message.
/// </summary>
internal static class RegisteredClient
{
    // Whatever happens to the test, the client does not outlive it by much.
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs with <c>&lt;port&gt; &lt;messages&gt; &lt;payload bytes&gt; &lt;page size&gt;</c>; 2 on bad arguments.</summary>
    public static int Run(string[] args, uint tag)
    {
        if (args.Length != 4 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var port)
            || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var count)
            || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var bytes)
            || !long.TryParse(args[3], CultureInfo.InvariantCulture, out var pageSize)
            || bytes < TestPayload.HeaderSize || bytes % sizeof(ulong) != 0)
        {
            Console.Error.WriteLine("usage: FuzzTest.Messaging.TestClient tcp <port> <messages> <payload bytes, a multiple of 8, at least 16> <page size>");
            return 2;
        }

        using var client = LlmpClient.Connect(port, ConnectTimeout, pageSize);
        var payload = new byte[bytes];
        for (long sequence = 0; sequence < count; sequence++)
        {
            TestPayload.Fill(payload, sequence);
            client.Send(tag, payload);
        }

        Console.Out.WriteLine(client.Id.ToString(CultureInfo.InvariantCulture));
        Console.Out.Flush();

        // Killed here, normally; a test that closes stdin lets it leave through Dispose instead.
        var stdinClosed = new Thread(() =>
        {
            while (Console.In.ReadLine() is not null)
            {
            }
        }) { IsBackground = true };
        stdinClosed.Start();
        stdinClosed.Join(MaxLifetime);
        return 0;
    }
}
