using FuzzTest.Sharing;
using FuzzTest.Storage;

namespace FuzzTest.Workers;

/// <summary>The worker's side of sharing with the other workers of its session through the broker.</summary>
internal sealed partial class WorkerHost
{
    private WorkerSharing? sharing;
    private HashSet<string> killers = [];
    private int findings;
    private int imported;
    private System.Diagnostics.Stopwatch fuzzing = new();

    // The broker may be gone (the session that hosted it on an agreed port ended): fuzzing
    // alone is still worth more than no fuzzing.
    private WorkerSharing? Join(int port)
    {
        try
        {
            return WorkerSharing.Join(port, target);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            Console.Error.WriteLine($"FuzzTest worker: fuzzing without sharing: {e.Message}");
            return null;
        }
    }

    private void ReceiveShared() => sharing?.Receive(Import, signature => reported.Add(signature), () => loop.Executions < loop.RunLimit && !map.StopRequested);

    private void Import(byte[] input)
    {
        // Hashed as cut for this loop, as the parent hashed the inputs that killed a worker.
        var data = input.Length > loop.MaxLength ? input[..loop.MaxLength] : input;
        if (killers.Count > 0 && killers.Contains(AtomicFile.ContentHash(data)))
        {
            return;
        }

        if (loop.Import(data))
        {
            imported++;
        }
    }

    private WorkerStats Stats() => new(loop.Executions, (long)fuzzing.Elapsed.TotalMilliseconds, loop.CorpusCount, loop.Covered, findings, imported);
}
