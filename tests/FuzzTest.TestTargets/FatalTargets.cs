using System.Runtime.CompilerServices;

namespace FuzzTest.TestTargets;

/// <summary>
/// Targets for the isolated executor. Most end or stall the process that runs them, each behind
/// one shallow branch on the first byte: coverage leads the fuzzer to the trigger within a few
/// thousand runs, and the saved input is recognisable by that byte. Only an isolated worker
/// process survives them. The last two are bystanders for tests that kill a worker from outside.
/// </summary>
public static unsafe class FatalTargets
{
    // A field the JIT must read on every iteration, so the endless loop is really endless.
    private static volatile bool spinning = true;

    // Written by Harmless so that its branches do something.
    private static volatile int climbed;

    /// <summary>The rung <see cref="Harmless"/> reached last (0 to 4).</summary>
    public static int Climbed => climbed;

    /// <summary>Overflows the stack on input starting with 'S' (two bytes at least).</summary>
    public static void StackOverflow(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 2 && data[0] == (byte)'S')
        {
            Recurse(0);
        }
    }

    /// <summary>Calls <see cref="Environment.FailFast(string)"/> on input starting with 'E'.</summary>
    public static void FailFast(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 2 && data[0] == (byte)'E')
        {
            Environment.FailFast("planted");
        }
    }

    /// <summary>Writes to an unmapped address on input starting with 'A'.</summary>
    public static void AccessViolation(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 2 && data[0] == (byte)'A')
        {
            // Above the null area (where the runtime reports a NullReferenceException instead),
            // below anything the loader maps.
            *(int*)0x10000 = data[1];
        }
    }

    /// <summary>Throws on a thread of its own on input starting with 'T': nothing catches it there.</summary>
    public static void BackgroundThrow(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 2 && data[0] == (byte)'T')
        {
            var thread = new Thread(() => throw new InvalidOperationException("background"));
            thread.Start();
            thread.Join();
        }
    }

    /// <summary>Allocates until memory runs out on input starting with 'M'.</summary>
    public static void Hoard(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 2 && data[0] == (byte)'M')
        {
            var hoard = new List<byte[]>();
            while (hoard.Count >= 0)
            {
                hoard.Add(new byte[1 << 20]);
            }
        }
    }

    /// <summary>
    /// Leaks 64 MiB of native memory (written, so it is resident) on each input starting with
    /// 'N': no single run fails, but a worker that keeps running them grows without bound.
    /// </summary>
    public static void NativeLeak(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 2 && data[0] == (byte)'N')
        {
            const int Size = 64 << 20;
            new Span<byte>((void*)System.Runtime.InteropServices.Marshal.AllocHGlobal(Size), Size).Fill(1);
        }
    }

    /// <summary>Never returns on input starting with 'L'.</summary>
    public static void Loop(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 2 && data[0] == (byte)'L')
        {
            while (spinning)
            {
            }
        }
    }

    /// <summary>
    /// Never fails, but has a ladder of nested branches for the fuzzer to climb, so a worker
    /// keeps corpus entries for a while: the bystander for tests that kill a worker from outside.
    /// </summary>
    public static void Harmless(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 4 && data[0] == (byte)'H')
        {
            climbed = 1;
            if (data[1] == (byte)'A')
            {
                climbed = 2;
                if (data[2] == (byte)'R')
                {
                    climbed = 3;
                    if (data[3] == (byte)'M')
                    {
                        climbed = 4;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Throws on any input that is not empty: a worker killed from outside while fuzzing this is
    /// almost always in the middle of an input that fails for a reason of its own.
    /// </summary>
    public static void ThrowsOnAnyByte(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0)
        {
            throw new FormatException("not empty");
        }
    }

    // A kilobyte of stack per call, so the overflow comes after a few thousand frames instead of
    // tens of thousands, and the runtime's report stays short.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Recurse(int depth)
    {
        Span<byte> frame = stackalloc byte[1024];
        frame[depth % frame.Length] = (byte)depth;
        return Recurse(depth + 1) + frame[depth % frame.Length];
    }
}
