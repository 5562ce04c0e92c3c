using System.Diagnostics;

namespace FuzzTest.Workers;

/// <summary>
/// Starts workers for one target and keeps one spare started ahead, so that replacing a
/// worker that died costs a message rather than a process start (~100 ms of runtime start-up
/// and assembly loading). Gives up, with the worker's own output, when start-up keeps failing.
/// </summary>
internal sealed class WorkerSupply(WorkerTarget target, int inputCapacity) : IDisposable
{
    /// <summary>Start-up failures in a row after which the supply gives up.</summary>
    public const int MaxStartFailures = 3;

    /// <summary>How long a worker may take to load the test assembly and bind the method.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private WorkerProcess? spare;

    /// <summary>Worker processes started so far.</summary>
    public int Started { get; private set; }

    /// <summary>Returns a ready worker whose map holds inputs of <paramref name="inputLength"/> bytes.</summary>
    /// <exception cref="InvalidOperationException">The worker cannot start; the message has its output.</exception>
    public WorkerProcess Take(int inputLength)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (spare is { } idle && (idle.HasExited || idle.Map.InputCapacity < inputLength))
            {
                // A spare that died idle (or is too small) is not worth a finding: no input ran.
                spare = null;
                idle.Dispose();
            }

            var w = spare ?? StartNew(inputLength);
            spare = null;
            var failure = AwaitReady(w);
            if (failure is null)
            {
                // Attached: the name can go, so nothing is left in /dev/shm whatever happens next.
                w.Map.Unlink();
                return w;
            }

            var output = Tail(w.Output);
            var exit = w.Death();
            w.Dispose();
            if (attempt >= MaxStartFailures)
            {
                throw new InvalidOperationException(
                    $"FuzzTest: the worker process for {target.TypeName}.{target.MethodName} ended during start-up {attempt} times " +
                    $"({failure}, {exit.Summary}). Its output:{Environment.NewLine}{output}");
            }
        }
    }

    /// <summary>Starts a spare worker now, if there is none, so the next <see cref="Take"/> does not wait for one.</summary>
    public void PrepareSpare() => spare ??= StartNew(0);

    /// <summary>The last <paramref name="limit"/> characters of a worker's output.</summary>
    public static string Tail(string text, int limit = 4000) => text.Length <= limit ? text : "…" + text[^limit..];

    /// <inheritdoc />
    public void Dispose()
    {
        spare?.Dispose();
        spare = null;
    }

    private WorkerProcess StartNew(int inputLength)
    {
        Started++;
        return WorkerProcess.Start(target, Math.Max(inputCapacity, inputLength));
    }

    // Null when ready; otherwise why not. A start-up error the worker reports itself (the type
    // or factory cannot be loaded) is not retried: it fails the same way every time.
    private string? AwaitReady(WorkerProcess w)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < StartTimeout)
        {
            // A worker that exits closes its channel, which arrives here as a message without a kind.
            if (!w.TryReceive(Poll, out var message))
            {
                continue;
            }

            switch (message.Kind)
            {
                case MessageKind.Ready:
                    return null;
                case MessageKind.StartFailed:
                    var reason = message.Fields!.ReadString();
                    w.Dispose();
                    throw new InvalidOperationException($"FuzzTest: the worker could not prepare {target.TypeName}.{target.MethodName}: {reason}");
                case null:
                    return "it exited";
                default:
                    return $"it sent {message.Kind} before it was ready";
            }
        }

        w.Kill();
        return $"not ready after {StartTimeout.TotalSeconds:0} s";
    }
}
