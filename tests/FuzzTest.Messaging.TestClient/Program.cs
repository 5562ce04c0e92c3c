using FuzzTest.Messaging.Llmp;

namespace FuzzTest.Messaging.TestClient;

/// <summary>
/// An LLMP client in a process of its own, for tests that kill it with SIGKILL. Two modes:
/// <list type="bullet">
/// <item><c>FuzzTest.Messaging.TestClient &lt;client id&gt; &lt;payload bytes&gt;</c>: a bare sender, killed in
/// the middle of writing. It creates its sender, prints the first page as one line
/// <c>&lt;name&gt; &lt;size&gt;</c> on stdout, waits for a line on stdin (the broker has mapped the page),
/// then sends <see cref="TestPayload"/> messages 0, 1, 2 … as fast as the broker reads them, until killed.</item>
/// <item><c>FuzzTest.Messaging.TestClient tcp &lt;port&gt; &lt;messages&gt; &lt;payload bytes&gt; &lt;page size&gt;</c>: a
/// registered <see cref="Tcp.LlmpClient"/>, killed after it published. It registers with the host
/// on the port, sends that many <see cref="TestPayload"/> messages, prints its client id on stdout,
/// and waits to be killed (or for stdin to close, when it leaves normally).</item>
/// </list>
/// </summary>
internal static class Program
{
    /// <summary>The tag of every message it sends.</summary>
    private const uint Tag = 0x7E57;

    // The sender never waits for its reader; this client does, so a slow broker (a Debug build,
    // a busy machine) does not pile up gigabytes of unread pages in /dev/shm. Eight pages (8 MiB)
    // are enough slack that a broker about as fast as the client rarely holds it up, so a kill
    // finds it writing rather than waiting.
    private const int MaxPagesAhead = 8;

    // Whatever happens to the test, the client does not outlive it by much.
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(2);

    private static volatile bool stop;

    private static int Main(string[] args)
    {
        if (args is ["tcp", ..])
        {
            return RegisteredClient.Run(args[1..], Tag);
        }

        if (args.Length != 2 || !uint.TryParse(args[0], out var id) || !int.TryParse(args[1], out var bytes)
            || bytes < TestPayload.HeaderSize || bytes % sizeof(ulong) != 0)
        {
            Console.Error.WriteLine("usage: FuzzTest.Messaging.TestClient <client id> <payload bytes, a multiple of 8, at least 16>");
            return 2;
        }

        using var sender = new LlmpSender(id);
        Console.Out.WriteLine($"{sender.FirstPageName} {sender.FirstPageSize}");
        Console.Out.Flush();
        if (Console.In.ReadLine() is null)
        {
            return 1;
        }

        // The test closing stdin (or dying) ends the client too, through the loop, so the
        // sender is disposed and its pages removed.
        var watchdog = new Thread(() =>
        {
            while (Console.In.ReadLine() is not null)
            {
            }

            stop = true;
        }) { IsBackground = true };
        watchdog.Start();

        var payload = new byte[bytes];
        var deadline = DateTime.UtcNow + MaxLifetime;
        for (long sequence = 0; !stop && DateTime.UtcNow < deadline; sequence++)
        {
            while (sender.PagesAheadOfReader > MaxPagesAhead && !stop)
            {
                Thread.Yield();
            }

            TestPayload.Fill(payload, sequence);
            sender.Send(Tag, payload);
        }

        return 1;
    }
}
