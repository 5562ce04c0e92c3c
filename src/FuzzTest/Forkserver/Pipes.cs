namespace FuzzTest.Forkserver;

/// <summary>
/// Our ends of the two forkserver pipes: 4-byte words written to the control pipe, 4-byte words
/// read from the status pipe with a deadline (a hung child must not hang us).
/// </summary>
internal sealed unsafe class Pipes : IDisposable
{
    /// <summary><c>POLLIN</c>.</summary>
    private const short Readable = 1;

    private int control = -1;
    private int status = -1;

    /// <summary>Creates both pipes; every end is close-on-exec until a spawn file action places it.</summary>
    public Pipes()
    {
        var fds = stackalloc int[2];
        if (Libc.Pipe(fds, Libc.CloseOnExec) != 0) throw Libc.Failure("pipe (control)");
        ControlRead = fds[0];
        control = fds[1];
        if (Libc.Pipe(fds, Libc.CloseOnExec) != 0) throw Libc.Failure("pipe (status)");
        status = fds[0];
        StatusWrite = fds[1];
    }

    /// <summary>The end the target reads requests from; ours to close once it is spawned.</summary>
    public int ControlRead { get; private set; }

    /// <summary>The end the target writes to; ours to close once it is spawned, so its death reads as end of file.</summary>
    public int StatusWrite { get; private set; }

    /// <summary>Closes the ends that now belong to the target.</summary>
    public void CloseTargetEnds()
    {
        Libc.Close(ControlRead);
        Libc.Close(StatusWrite);
        ControlRead = StatusWrite = -1;
    }

    /// <summary>Writes one word; false when the target has gone (broken pipe).</summary>
    public bool Write(uint word)
    {
        var written = Libc.Write(control, &word, sizeof(uint));
        return written == sizeof(uint);
    }

    /// <summary>Reads one word within <paramref name="timeout"/>.</summary>
    /// <returns>True with the word; false with <paramref name="closed"/> telling end of file from timeout.</returns>
    public bool TryRead(TimeSpan timeout, out uint word, out bool closed)
    {
        uint value = 0;
        var read = TryRead(new Span<byte>(&value, sizeof(uint)), timeout, out closed);
        word = value;
        return read;
    }

    /// <summary>Fills <paramref name="buffer"/> within <paramref name="timeout"/>.</summary>
    /// <returns>True when filled; false with <paramref name="closed"/> telling end of file from timeout.</returns>
    public bool TryRead(Span<byte> buffer, TimeSpan timeout, out bool closed)
    {
        closed = false;
        var deadline = Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
        var got = 0;
        fixed (byte* data = buffer)
        {
            while (got < buffer.Length)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0) return false;
                var poll = new Libc.PollFd { Fd = status, Events = Readable };
                var ready = Libc.Poll(&poll, 1, (int)Math.Min(left, int.MaxValue));
                if (ready == 0) return false;
                if (ready < 0)
                {
                    // The runtime's signal handlers interrupt poll (EINTR); retry within the same deadline.
                    if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Libc.Interrupted) continue;
                    throw Libc.Failure("poll on the status pipe");
                }
                var n = Libc.Read(status, data + got, buffer.Length - got);
                if (n == 0) { closed = true; return false; }
                if (n > 0) got += (int)n;
                else if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != Libc.Interrupted) throw Libc.Failure("reading the status pipe");
            }
        }
        return true;
    }

    /// <summary>Closes all ends still open.</summary>
    public void Dispose()
    {
        foreach (var fd in new[] { control, status, ControlRead, StatusWrite })
            if (fd >= 0) Libc.Close(fd);
        control = status = ControlRead = StatusWrite = -1;
    }
}
