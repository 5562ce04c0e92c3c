using System.Collections.Concurrent;
using System.Diagnostics;

namespace FuzzTest.Workers;

/// <summary>
/// One running worker as the parent sees it: the process, its shared map, its message
/// channel (read by a background thread into an inbox) and the tail of its stderr.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly WorkerChannel channel;
    private readonly OutputTail stderr = new();
    private readonly BlockingCollection<Message> inbox = [];
    private readonly Thread drain;
    private bool killed;
    private bool disposed;

    private WorkerProcess(Process process, WorkerMap map)
    {
        this.process = process;
        Map = map;
        channel = new WorkerChannel(process.StandardOutput.BaseStream, process.StandardInput.BaseStream);
        drain = OutputTail.Drain(process.StandardError, stderr, $"FuzzTest worker {process.Id} stderr");
        new Thread(ReadMessages) { IsBackground = true, Name = $"FuzzTest worker {process.Id} messages" }.Start();
    }

    /// <summary>A frame from the worker, or the end of its channel (<see cref="Kind"/> null).</summary>
    /// <param name="Kind">The message kind; null when the channel closed.</param>
    /// <param name="Fields">The payload reader.</param>
    public readonly record struct Message(MessageKind? Kind, BinaryReader? Fields);

    /// <summary>The map shared with the worker.</summary>
    public WorkerMap Map { get; }

    /// <summary>The worker's process id.</summary>
    public int Pid => process.Id;

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>True when the parent killed the worker itself (timeout, stop).</summary>
    public bool KilledByParent => killed;

    /// <summary>Starts a worker for <paramref name="target"/> with a new map of the given capacity.</summary>
    public static WorkerProcess Start(WorkerTarget target, int inputCapacity)
    {
        var map = WorkerMap.Create(WorkerMap.NewPath(), inputCapacity, Runtime.CoverageRuntime.Capacity);
        try
        {
            var process = Process.Start(WorkerLauncher.StartInfo(target, map.Path))
                ?? throw new InvalidOperationException("FuzzTest: the worker process did not start.");
            return new WorkerProcess(process, map);
        }
        catch
        {
            map.Unlink();
            map.Dispose();
            throw;
        }
    }

    /// <summary>Sends one frame.</summary>
    /// <returns>False when the worker is gone (its pipe closed).</returns>
    public bool Send(MessageKind kind, Action<BinaryWriter>? payload = null)
    {
        try
        {
            channel.Send(kind, payload);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits up to <paramref name="wait"/> for the next frame.</summary>
    public bool TryReceive(TimeSpan wait, out Message message) => inbox.TryTake(out message, wait);

    /// <summary>Ends the worker now (SIGKILL: a hung run cannot be asked to stop).</summary>
    public void Kill()
    {
        killed = true;
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Waits for the process to end and classifies how it ended.</summary>
    public WorkerDeath Death()
    {
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            Kill();
        }

        process.WaitForExit();

        // The runtime's last words (its stack overflow or FailFast report) may still be in the
        // pipe; the drain ends at end of file. Bounded, since a process the target started could
        // hold the pipe open.
        drain.Join(TimeSpan.FromSeconds(2));
        return WorkerDeath.Classify(process.ExitCode, stderr.Text);
    }

    /// <summary>What the worker printed last (its stdout goes to stderr too).</summary>
    public string Output => stderr.Text;

    /// <summary>
    /// Stops the worker's loop, closes the channel (which tells an idle worker to exit) and
    /// makes sure it does. Safe to call more than once.
    /// </summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!process.HasExited)
        {
            Map.StopRequested = true;
        }

        channel.Dispose();
        if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            Kill();
            process.WaitForExit();
        }

        drain.Join(TimeSpan.FromSeconds(2));

        // Process.Dispose leaves redirected streams open; each restart would leak a pipe.
        process.StandardError.Dispose();
        process.Dispose();
        Map.Unlink();
        Map.Dispose();
    }

    private void ReadMessages()
    {
        try
        {
            while (channel.Receive() is var (kind, fields))
            {
                inbox.Add(new Message(kind, fields));
            }
        }
        catch (Exception)
        {
            // Whatever ends the reading (a dead worker, a corrupt frame, a closed stream) ends
            // the conversation; the death explains it, and the test host must not crash here.
        }

        inbox.Add(new Message(null, null));
    }
}
