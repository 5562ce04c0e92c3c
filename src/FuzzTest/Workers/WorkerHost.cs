using FuzzTest.Corpus;
using FuzzTest.Coverage;
using FuzzTest.Executors;
using FuzzTest.Randomness;
using FuzzTest.Runtime;
using FuzzTest.Sessions;
using FuzzTest.Sharing;
using FuzzTest.Targets;

namespace FuzzTest.Workers;

/// <summary>
/// The worker side: binds the [Fuzz] method once, then serves the parent — single runs, or a
/// whole fuzz loop that reports only new coverage and new failures, so the per-input cost
/// stays that of a run in process.
/// </summary>
internal sealed partial class WorkerHost : ISessionEvents
{
    /// <summary>Ticks (about ten a second) between two statistics messages to the broker.</summary>
    public const int TicksPerStats = 5;

    private readonly WorkerChannel channel;
    private readonly WorkerMap map;
    private readonly FuzzLoop loop;
    private readonly InProcessExecutor executor;
    private readonly Xoshiro256StarStar random = new(0);
    private readonly HashSet<string> reported = [];
    private readonly int parent = WorkerStdio.ParentId();
    private readonly string target;
    private int ticks;

    private WorkerHost(WorkerChannel channel, WorkerMap map, InputInvoker invoke, int maxLength, string target)
    {
        this.channel = channel;
        this.map = map;
        this.target = target;
        executor = new InProcessExecutor(invoke, new MapRunRecord(map, random));
        loop = new FuzzLoop(executor, new RuntimeCoverageMap(), this, random, maxLength);
    }

    /// <summary>The worker's entry point (FuzzTest.Worker's Main).</summary>
    public static int Main(string[] args)
    {
        WorkerChannel? channel = null;
        try
        {
            // The map's name goes first, before asking to die with the parent: a parent killed
            // while this worker starts (afl-fuzz ending the AFL relay, say) would otherwise take
            // the worker down before it removed the name, and leave the file in /dev/shm. A map
            // that cannot be attached is reported below, through the channel.
            try
            {
                CoverageRuntime.WorkerMap?.Unlink();
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
            }

            WorkerStdio.DieWithParent();
            var (input, output) = WorkerStdio.TakeOver();
            channel = new WorkerChannel(input, output);
            var target = WorkerTarget.FromArguments(args);
            _ = CoverageRuntime.Counters.Length;
            var map = CoverageRuntime.WorkerMap ?? throw new InvalidOperationException(
                $"FuzzTest worker: {CoverageRuntime.WorkerMapVariable} is not set. The worker is started by FuzzTest, not by hand.");

            // Both sides have it mapped now; without a name it cannot outlive them (a spare
            // worker's map would otherwise stay in /dev/shm if the test host were killed).
            map.Unlink();
            var (testClass, method) = target.Resolve();
            var factoryType = Type.GetType(target.FactoryType, throwOnError: true)!;
            var factory = (IWorkerTargetFactory)Activator.CreateInstance(factoryType)!;
            var invoke = factory.Create(testClass, method);
            var host = new WorkerHost(channel, map, invoke, map.InputCapacity, $"{target.TypeName}.{target.MethodName}");
            channel.Send(MessageKind.Ready);

            // The stack of every thread that runs targets, so an input overflows the stack here
            // exactly when it does in a regression replay.
            var serving = TargetThread.Create(host.Serve, "FuzzTest worker");
            serving.Start();
            serving.Join();
            return 0;
        }
        catch (Exception e)
        {
            var message = e is InvalidOperationException or ArgumentException ? e.Message : e.ToString();
            try
            {
                channel?.Send(MessageKind.StartFailed, w => w.Write(message));
            }
            catch (IOException)
            {
                // The parent is gone; stderr below is all that is left.
            }

            Console.Error.WriteLine(message);
            return 2;
        }
    }

    /// <summary>
    /// Exit code of a worker that failed in FuzzTest's own code (a protocol error, a bug): the
    /// parent reports it as such instead of blaming the input being run. 70 is sysexits' EX_SOFTWARE.
    /// </summary>
    public const int InternalErrorExitCode = 70;

    private void Serve()
    {
        try
        {
            // Until the parent closes the pipe: it does so when the session ends, or when it dies.
            while (ServeOne(untilContinue: false))
            {
            }

            // Its pages' names go with it (the broker may still be reading them: mapped pages stay valid).
            sharing?.Dispose();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Out of memory is the target's doing (it filled the heap) and stays a finding.
            Console.Error.WriteLine($"FuzzTest worker internal error: {e}");
            Environment.Exit(InternalErrorExitCode);
        }
    }

    private bool ServeOne(bool untilContinue)
    {
        if (channel.Receive() is not var (kind, fields))
        {
            if (untilContinue)
            {
                // The parent is done with this worker (or gone) in the middle of a failure: do
                // not go back to fuzzing.
                sharing?.Dispose();
                Environment.Exit(0);
            }

            return false;
        }

        switch (kind)
        {
            case MessageKind.Run:
                var outcome = loop.Execute(WorkerChannel.ReadBytes(fields));
                PublishStatus();
                channel.Send(MessageKind.RunResult, w => WorkerChannel.Write(w, outcome));
                return true;
            case MessageKind.RunKeepingCoverage:
                // The loop's Execute clears the counters; the parent needs them, so it clears them itself.
                var input = WorkerChannel.ReadBytes(fields);
                var kept = executor.Run(input, input.Length);
                channel.Send(MessageKind.RunResult, w => WorkerChannel.Write(w, kept));
                return true;
            case MessageKind.Fuzz when !untilContinue:
                Fuzz(fields);
                return true;
            case MessageKind.Continue when untilContinue:
                SetRunsLeft(fields.ReadInt64());
                return false;
            default:
                throw new InvalidDataException($"FuzzTest worker: unexpected message {kind}.");
        }
    }

    private void Fuzz(BinaryReader fields)
    {
        random.RestoreState(new Xoshiro256StarStar(fields.ReadUInt64()).SaveState());
        SetRunsLeft(fields.ReadInt64());
        loop.MaxLength = fields.ReadInt32();
        for (var n = fields.ReadInt32(); n > 0; n--)
        {
            reported.Add(fields.ReadString());
        }

        var seeds = new List<byte[]>();
        for (var n = fields.ReadInt32(); n > 0; n--)
        {
            seeds.Add(WorkerChannel.ReadBytes(fields));
        }

        var brokerPort = fields.ReadInt32();
        var skip = new HashSet<string>();
        for (var n = fields.ReadInt32(); n > 0; n--)
        {
            skip.Add(fields.ReadString());
        }

        for (var n = fields.ReadInt32(); n > 0; n--)
        {
            loop.AddTokens([WorkerChannel.ReadBytes(fields)]);
        }

        sharing?.Dispose();
        fuzzing = System.Diagnostics.Stopwatch.StartNew();
        sharing = brokerPort > 0 ? Join(brokerPort) : null;
        killers = skip;
        loop.Poll = null;
        loop.RunSeeds(seeds);
        PublishStatus();
        channel.Send(MessageKind.SeedsDone, w => WorkerChannel.Write(w, Status));

        // Then the other workers' finds so far (all of them, for a worker that replaces one
        // that died), and theirs as they come; the seed summary above is this worker's own.
        loop.Poll = sharing is null ? null : ReceiveShared;
        ReceiveShared();
        if (!map.StopRequested)
        {
            loop.Fuzz();
        }

        PublishStatus();
        sharing?.PublishStats(Stats());
        channel.Send(MessageKind.Done, w => WorkerChannel.Write(w, Status));
    }


    private void SetRunsLeft(long runs) =>
        loop.RunLimit = runs >= long.MaxValue - loop.Executions ? long.MaxValue : loop.Executions + Math.Max(runs, 0);

    private LoopStatus Status => new(loop.Executions, loop.CorpusCount, loop.Covered, CoverageRuntime.UsedLength, loop.DictionaryCount);

    private void PublishStatus()
    {
        map.Covered = loop.Covered;
        map.CorpusCount = loop.CorpusCount;
    }

    /// <inheritdoc />
    public void SeedsDone(LoopStatus status)
    {
    }

    /// <inheritdoc />
    public void Kept(CorpusEntry entry)
    {
        channel.Send(MessageKind.Kept, w =>
        {
            WorkerChannel.WriteBytes(w, entry.Data);
            w.Write(entry.Cost);
        });
        sharing?.PublishTestcase(entry.Data);
    }

    /// <inheritdoc />
    public void Failed(byte[] input, RunOutcome outcome)
    {
        // A shallow bug can fail every few runs: report each bug once, not each input.
        if (!reported.Add(outcome.Signature))
        {
            return;
        }

        findings++;
        sharing?.PublishFinding(outcome.Signature);

        channel.Send(MessageKind.Failed, w =>
        {
            WorkerChannel.WriteBytes(w, input);
            WorkerChannel.Write(w, outcome);
        });
        while (ServeOne(untilContinue: true))
        {
        }
    }

    /// <inheritdoc />
    public bool Tick()
    {
        PublishStatus();
        if (sharing is not null)
        {
            if (++ticks % TicksPerStats == 0)
            {
                sharing.PublishStats(Stats());
            }
        }

        // An orphaned worker must not fuzz on forever: the test host that started it is gone.
        return !map.StopRequested && WorkerStdio.ParentId() == parent;
    }
}
