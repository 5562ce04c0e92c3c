using System.Text;
using FuzzTest.Executors;
using FuzzTest.Workers;

namespace FuzzTest.Forkserver;

/// <summary>
/// Runs a program built with AFL++'s compilers through its forkserver: the program starts once,
/// says hello on fd 199, and then forks (or, in persistent mode, resumes) a child per input on
/// request. Coverage lands in a SysV shared-memory map, readable as <see cref="Coverage"/>.
/// </summary>
/// <remarks>
/// Per run: clear the map, place the input (shared memory, stdin file or <c>@@</c> file), write
/// "was the last child killed" to fd 198, read the child's pid, then wait up to the timeout for
/// its wait status. A timeout kills the child with SIGKILL and reads the status anyway, so the
/// pipe stays in step. A signal is a crash; any exit, whatever its code, is Ok (as in afl-fuzz).
/// </remarks>
internal sealed class ForkserverExecutor : IExecutor, IDisposable
{
    /// <summary>Bytes of the target's stderr quoted in errors and crash descriptions.</summary>
    private const int StderrTail = 4096;

    /// <summary>Runs between truncations of the target's stderr log, so a chatty target cannot fill the disk.</summary>
    private const int StderrTruncateEvery = 1 << 16;

    /// <summary>How long a target that closed its pipes may take to exit before we kill it to learn its status.</summary>
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(1);

    private readonly ForkserverOptions options;
    private readonly string target;
    private readonly bool deferred;
    private readonly DirectoryInfo workDirectory;
    private readonly SharedMemory testcaseSegment;
    private readonly FileTestcase testcaseFile;
    private readonly string stderrPath;
    private Microsoft.Win32.SafeHandles.SafeFileHandle? stderrLog;
    private SharedMemory coverage = null!;
    private ITestcaseWriter testcase = null!;
    private Pipes pipes = null!;
    private bool lastRunTimedOut;
    private int stoppedChild;
    private long runs;
    private bool disposed;
    private bool reaped;

    /// <summary>Starts the target's forkserver and completes the handshake.</summary>
    /// <remarks>
    /// A target whose map is larger than the segment offered is started once more with a segment
    /// of the size it asked for, as afl-fuzz does: the size is known only from its hello.
    /// </remarks>
    /// <exception cref="ForkserverException">The target is missing, not instrumented, or failed the handshake; the message quotes its stderr.</exception>
    public ForkserverExecutor(ForkserverOptions options)
    {
        this.options = options;
        Timeout = options.Timeout;
        target = Path.GetFullPath(options.Target);
        if (!File.Exists(target)) throw new ForkserverException($"FuzzTest forkserver: no such target: {target}");
        var binary = File.ReadAllBytes(target);
        Persistent = Contains(binary, AflProtocol.PersistentSignature);
        deferred = Contains(binary, AflProtocol.DeferSignature);

        workDirectory = Directory.CreateTempSubdirectory("fuzztest-forkserver-");
        stderrPath = Path.Combine(workDirectory.FullName, "stderr");
        testcaseSegment = new SharedMemory(AflProtocol.MaxInput + sizeof(uint));
        testcaseFile = new FileTestcase(Path.Combine(workDirectory.FullName, "input"));
        try
        {
            Start(options.MapSize);
            if (MapSize > coverage.Size)
            {
                Stop();
                Start(MapSize);
                if (MapSize > coverage.Size) throw new ForkserverException($"it asked for a {coverage.Size}-byte coverage map, then for {MapSize} bytes");
            }
        }
        catch (Exception e) when (e is ForkserverException or IOException)
        {
            var message = Failure(e.Message, serverDied: ServerPid != 0);
            Dispose();
            throw new ForkserverException(message);
        }
    }

    /// <summary>Full path of the program.</summary>
    public string Target => target;

    /// <summary>Longest a run may take before its child is killed and the run is a hang; starts as the options' timeout.</summary>
    public TimeSpan Timeout { get; set; }

    /// <summary>Pid of the forkserver (the target's first process); a new one only when the target is started again for a bigger map.</summary>
    public int ServerPid { get; private set; }

    /// <summary>Pid of the child that ran the last input.</summary>
    public int LastChildPid { get; private set; }

    /// <summary>The hello word the target sent (options bit-field on 4.04c, version word on 4.20c+).</summary>
    public uint Hello { get; private set; }

    /// <summary>True when the binary uses <c>__AFL_LOOP</c>: one child runs many inputs, stopping itself in between.</summary>
    public bool Persistent { get; }

    /// <summary>True when inputs go through the shared-memory segment instead of a file.</summary>
    public bool SharedMemoryInput { get; private set; }

    /// <summary>The target's autodictionary: comparison constants its compiler collected (afl-clang-lto), for the mutator.</summary>
    public IReadOnlyList<byte[]> Dictionary { get; private set; } = [];

    /// <summary>Length of the coverage map in bytes, rounded up to 64.</summary>
    public int MapSize { get; private set; }

    /// <summary>The AFL coverage map after the last run (edge hit counts), over the shared memory itself.</summary>
    public Span<byte> Coverage => coverage.Bytes[..MapSize];

    /// <inheritdoc/>
    /// <exception cref="ForkserverException">The forkserver died or reported an error.</exception>
    public RunOutcome Run(byte[] buffer, int length)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        coverage.Bytes[..MapSize].Clear();
        testcase.Write(buffer.AsSpan(0, length));
        if (++runs % StderrTruncateEvery == 0) TakeStderr();
        var stderrAtStart = StderrLength();

        // The request word tells the forkserver whether we killed its last child, so a persistent
        // forkserver reaps it instead of resuming it.
        if (!pipes.Write(lastRunTimedOut ? 1u : 0u)) throw Died("the forkserver is gone");
        if (!pipes.TryRead(options.StartTimeout, out var pid, out var closed))
            throw Died(closed ? "the forkserver exited" : "the forkserver did not report a child");
        if ((int)pid <= 0) throw Died(AflProtocol.Error(pid) ?? $"the forkserver reported child pid {(int)pid}");
        LastChildPid = (int)pid;

        lastRunTimedOut = !pipes.TryRead(Timeout, out var raw, out closed);
        if (closed) throw Died("the forkserver exited during a run");
        if (lastRunTimedOut)
        {
            Libc.Kill(LastChildPid, Libc.SigKill);
            if (!pipes.TryRead(options.StartTimeout, out _, out _)) throw Died("the forkserver did not report the killed child");
            stoppedChild = 0;
            TakeStderr();
            return new(ExitKind.Timeout, WorkerBackend.TimeoutSignature, $"a run took longer than the {Timeout.TotalMilliseconds:0} ms timeout",
                $"{Path.GetFileName(target)} ran longer than the {Timeout.TotalMilliseconds:0} ms timeout on this input; its child was killed (SIGKILL). " +
                "Fix the hang, or raise [Fuzz(Timeout = ms)] if the run is just slow.");
        }

        var status = new WaitStatus((int)raw);
        stoppedChild = status.Stopped ? LastChildPid : 0;
        if (!status.Signaled) return RunOutcome.Ok;
        var signal = WaitStatus.SignalName(status.Signal);
        var summary = $"{Path.GetFileName(target)} {status}";
        var stderr = TakeStderr(stderrAtStart);
        return new(ExitKind.Crash, NativeSignature.Of(signal, stderr), summary,
            stderr.Length == 0 ? $"{summary}; it printed nothing on stderr." : $"{summary}; its stderr ends with:{Environment.NewLine}{stderr}");
    }

    /// <summary>Kills the forkserver and any stopped child, and releases the shared memory and files.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Stop();
        stderrLog?.Dispose();
        testcaseFile.Dispose();
        testcaseSegment.Dispose();
        try { workDirectory.Delete(recursive: true); }
        catch (IOException) { } // a leftover temp folder is not worth failing a dispose for
    }

    // Spawns the target with a coverage segment of mapSize bytes and completes the handshake.
    private void Start(int mapSize)
    {
        coverage = new SharedMemory(mapSize);
        pipes = new Pipes();
        // As in afl-fuzz, "@@" is replaced wherever it appears ("--input=@@" too).
        var fileArgument = options.Arguments.Any(a => a.Contains(ForkserverOptions.FileArgument, StringComparison.Ordinal));
        var argv = options.Arguments.Select(a => a.Replace(ForkserverOptions.FileArgument, testcaseFile.Path, StringComparison.Ordinal)).Prepend(target).ToList();
        var environment = new Dictionary<string, string>
        {
            [AflProtocol.ShmIdVariable] = coverage.Id.ToString(),
            [AflProtocol.ShmFuzzIdVariable] = testcaseSegment.Id.ToString(),
            [AflProtocol.MapSizeVariable] = mapSize.ToString(),
            // Resolve symbols before the forkserver forks, not in every child (afl-fuzz does the same).
            ["LD_BIND_NOW"] = "1",
        };
        if (Persistent) environment[AflProtocol.PersistentVariable] = "1";
        if (deferred) environment[AflProtocol.DeferVariable] = "1";
        foreach (var (key, value) in options.Environment) environment[key] = value;
        var sanitizers = SanitizerDefaults.For(v => options.Environment.TryGetValue(v, out var set) ? set : System.Environment.GetEnvironmentVariable(v));
        foreach (var (key, value) in sanitizers) environment[key] = value;

        ServerPid = TargetSpawn.Start(target, argv, TargetSpawn.Environment(environment),
            new(pipes.ControlRead, pipes.StatusWrite, fileArgument ? -1 : testcaseFile.Fd, stderrPath));
        reaped = false;
        pipes.CloseTargetEnds();

        var handshake = Handshake.Perform(pipes, options.StartTimeout);
        Hello = handshake.Hello;
        SharedMemoryInput = handshake.SharedMemoryInput;
        // A restart for a bigger map sends the same dictionary again.
        Dictionary = handshake.Dictionary;
        if (handshake.MapSize is < 1 or > AflProtocol.MaxMapSize)
            throw new ForkserverException($"it reported a coverage map of {handshake.MapSize} bytes (1 to {AflProtocol.MaxMapSize} accepted)");
        MapSize = AflProtocol.Align(handshake.MapSize ?? mapSize);
        testcase = SharedMemoryInput ? new SharedMemoryTestcase(testcaseSegment) : testcaseFile;
    }

    // Ends the forkserver and its stopped child, and releases the pipes and the coverage segment.
    private void Stop()
    {
        if (stoppedChild != 0) Libc.Kill(stoppedChild, Libc.SigKill);
        stoppedChild = 0;
        if (ServerPid != 0 && !reaped) Kill(ServerPid);

        // Once reaped, the pid may be reused by any process: never signal it again.
        ServerPid = 0;
        pipes?.Dispose();
        coverage?.Dispose();
    }

    private ForkserverException Died(string what) => new(Failure(what, serverDied: true));

    private string Failure(string what, bool serverDied)
    {
        var exit = "";
        if (serverDied && ServerPid != 0 && !reaped)
        {
            // Give a dying target a moment to finish exiting, so its own status is what we report.
            var status = Reap(ServerPid, ExitGrace) ?? Kill(ServerPid);
            exit = status is { } known ? $" ({known})" : "";
        }
        var stderr = TakeStderr();
        return $"FuzzTest forkserver: {options.Target}: {what}{exit}. A target must be built with afl-cc or afl-clang-fast (apt-get install -y afl++)." +
            (stderr.Length > 0 ? $" Its stderr ends with:\n{stderr}" : " It printed nothing on stderr.");
    }

    private WaitStatus? Kill(int pid)
    {
        Libc.Kill(pid, Libc.SigKill);
        return Reap(pid, System.Threading.Timeout.InfiniteTimeSpan);
    }

    // waitpid, polling with WNOHANG until the grace time is over (infinite: block); null if the
    // process is still running or not ours to reap.
    private unsafe WaitStatus? Reap(int pid, TimeSpan grace)
    {
        var deadline = Environment.TickCount64 + (grace == System.Threading.Timeout.InfiniteTimeSpan ? long.MaxValue / 2 : (long)grace.TotalMilliseconds);
        var flags = grace == System.Threading.Timeout.InfiniteTimeSpan ? 0 : Libc.NoHang;
        int status;
        while (true)
        {
            var result = Libc.WaitPid(pid, &status, flags);
            if (result == pid) { reaped = true; return new WaitStatus(status); }
            if (result < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != Libc.Interrupted) return null;
            if (Environment.TickCount64 >= deadline) return null;
            if (result == 0) Thread.Sleep(5);
        }
    }

    // The tail of what the target printed since offset `from` (the start of the run, for a
    // crash: earlier runs' output is not this run's), which then starts the log afresh (the
    // target appends, so its next write lands at the start).
    private string TakeStderr(long from = 0)
    {
        try
        {
            using var log = new FileStream(stderrPath, FileMode.Open, FileAccess.ReadWrite);
            var start = Math.Max(Math.Min(from, log.Length), log.Length - StderrTail);
            log.Position = start;
            var tail = new byte[log.Length - start];
            log.ReadExactly(tail);
            log.SetLength(0);
            return Encoding.UTF8.GetString(tail).Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    // What the target has printed so far: one fstat.
    private long StderrLength()
    {
        try
        {
            stderrLog ??= File.OpenHandle(stderrPath, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return RandomAccess.GetLength(stderrLog);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static bool Contains(byte[] binary, string marker) => binary.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker)) >= 0;
}
