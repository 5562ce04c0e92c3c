using System.Buffers.Binary;
using System.Diagnostics;
using FuzzTest.Messaging.Llmp;
using FuzzTest.Messaging.TestClient;
using Xunit.Abstractions;

namespace FuzzTest.Messaging.Tests;

/// <summary>
/// A client in a process of its own (FuzzTest.Messaging.TestClient) is killed with SIGKILL
/// while it writes large messages, so the kill most likely lands inside a copy or a page
/// creation, while the broker and another client go on.
/// </summary>
public class LlmpClientKillTests(ITestOutputHelper output)
{
    private const uint KilledId = 1;
    private const uint SurvivorId = 2;
    private const uint SurvivorTag = 9;

    // 320 KiB: three to a 1 MiB page, so the client spends its time both copying and
    // starting pages, and a kill can land in either.
    private const int PayloadBytes = 320 * 1024;

    // Messages received from the client before it is killed: it is well into writing by then.
    private const int BeforeKill = 40;

    private const int SurvivorMessages = 500;

    private const int MaxLingerMs = 10;

    // Generous: a Debug build on a loaded two-core machine.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void AClientKilledMidWrite_LeavesOnlyWholeMessagesInOrder_TheOthersGoOn_AndNoPageOfItIsLeft()
    {
        var sequences = new List<long>();
        var log = new List<string>();
        var broker = new LlmpBroker(Forward, log.Add);
        using var survivor = new LlmpSender(SurvivorId);
        using var reader = new LlmpReceiver(broker.Broadcast.FirstPageName, broker.Broadcast.FirstPageSize);
        using var client = StartClient();
        try
        {
            broker.AddClient(SurvivorId, survivor.FirstPageName, survivor.FirstPageSize);
            var page = client.StandardOutput.ReadLine()?.Split(' ') ?? throw new InvalidOperationException("the client printed no page");
            broker.AddClient(KilledId, page[0], long.Parse(page[1], System.Globalization.CultureInfo.InvariantCulture));
            client.StandardInput.WriteLine("go");
            client.StandardInput.Flush();

            var deadline = Stopwatch.StartNew();
            while (sequences.Count < BeforeKill && deadline.Elapsed < Patience && !client.HasExited)
            {
                broker.Pump();
            }

            Assert.True(sequences.Count >= BeforeKill, $"only {sequences.Count} messages from the client in {deadline.Elapsed}");
            // A little longer, for a random while: the kill should not follow the broker's
            // reading (which follows the client's writing) in step.
            var linger = Stopwatch.StartNew();
            var lingerFor = TimeSpan.FromMilliseconds(Random.Shared.Next(0, MaxLingerMs));
            while (linger.Elapsed < lingerFor)
            {
                broker.Pump();
            }

            client.Kill();
            client.WaitForExit();
            var atKill = sequences.Count;

            // The broker goes on: the other client's messages, all sent after the kill, all arrive.
            var forwarded = new List<int>();
            for (var i = 0; i < SurvivorMessages; i++)
            {
                survivor.Send(SurvivorTag, BitConverter.GetBytes(i));
                broker.Pump();
                Collect(reader, forwarded);
            }

            broker.Pump();
            Collect(reader, forwarded);
            output.WriteLine($"{atKill} messages from the client when it was killed, {sequences.Count} in all; {forwarded.Count} from the other client after the kill.");

            // Whole and in order with no gap: a torn one would show as -1.
            Assert.Equal(Enumerable.Range(0, sequences.Count).Select(i => (long)i), sequences);
            Assert.Equal(Enumerable.Range(0, SurvivorMessages), forwarded);
            Assert.Empty(log);
            Assert.Equal(2, broker.ClientCount);
        }
        finally
        {
            if (!client.HasExited)
            {
                client.Kill();
                client.WaitForExit();
            }

            broker.Dispose();
        }

        if (Directory.Exists("/dev/shm"))
        {
            var prefix = $"fuzztest-llmp-{client.Id}-";
            Assert.Empty(Directory.EnumerateFiles("/dev/shm", prefix + "*"));
        }

        bool Forward(in LlmpView message)
        {
            if (message.Sender != KilledId)
            {
                return true;
            }

            // Checked in place, not forwarded: gigabytes would only grow the broadcast history.
            sequences.Add(message.Payload.Length == PayloadBytes ? TestPayload.Check(message.Payload) : -1);
            return false;
        }
    }

    private static void Collect(LlmpReceiver reader, List<int> into)
    {
        while (reader.TryReceiveInPlace(out var message))
        {
            if (message.Sender == SurvivorId && message.Tag == SurvivorTag)
            {
                into.Add(BinaryPrimitives.ReadInt32LittleEndian(message.Payload));
            }
        }
    }

    private static Process StartClient() => TestClientProcess.Start(
        KilledId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        PayloadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
