using FuzzTest.Forkserver;

namespace FuzzTest.AflTarget;

/// <summary>
/// The forkserver side of AFL++'s protocol, spoken on behalf of a FuzzTest worker: the hello
/// with our options, then one exchange per run (afl-fuzz's "was the last child killed" word,
/// our child pid, our wait status).
/// </summary>
/// <param name="worker">Runs the inputs.</param>
/// <param name="map">afl-fuzz's coverage map.</param>
/// <param name="fallback">Where test cases come from unless afl-fuzz agrees to shared memory.</param>
/// <param name="dictionary">The autodictionary to offer, encoded (<see cref="AutoDictionary"/>); empty for none.</param>
/// <remarks>
/// The hello is the options bit-field of AFL++ up to 4.10c. AFL++ 4.20c and later still accept
/// it from targets that do not use comparison logging (CMPLOG), so one handshake serves Debian's
/// 4.04c and current releases alike.
/// <para>
/// afl-fuzz sends exactly one reply word when the hello offers shared-memory test cases, whether
/// or not it also offers a dictionary; without that offer, a dictionary offer alone may get no
/// reply (when afl-fuzz runs with AFL_NO_AUTODICT) and the stream would go out of step. So the
/// dictionary is offered only together with shared memory.
/// </para>
/// </remarks>
internal sealed class ForkserverRelay(RelayWorker worker, AflCoverageMap map, TestcaseSource fallback, byte[] dictionary) : IDisposable
{
    /// <summary>FS_ERROR_MAP_SIZE: the error code for a map larger than afl-fuzz's segment.</summary>
    public const uint MapSizeError = 1;

    /// <summary>The largest map an options hello can describe: 23 bits of <c>size - 1</c>.</summary>
    public const int MaxHelloMapSize = (int)(AflProtocol.OptMapSizeMask >> 1) + 1;

    private readonly TestcaseSource? sharedMemory = TestcaseSource.Offered();
    private readonly TestcaseSource fallback = fallback;
    private TestcaseSource? input;

    /// <summary>Says hello (after warming up the worker, so the map size is known) and reads afl-fuzz's answer.</summary>
    /// <exception cref="InvalidOperationException">The map does not fit afl-fuzz's segment.</exception>
    public void Handshake()
    {
        var size = AflProtocol.Align(Math.Max(worker.CountersUsed, 1));
        if (size > map.SegmentSize || size > MaxHelloMapSize)
        {
            ControlPipes.Write(AflProtocol.OptError | (MapSizeError << 8));
            throw new InvalidOperationException(
                $"the target has {size} coverage counters, more than afl-fuzz's map of {map.SegmentSize} bytes: run afl-fuzz with AFL_MAP_SIZE={size}.");
        }

        map.Size = size;
        var hello = AflProtocol.OptEnabled | AflProtocol.OptMapSize | ((uint)(size - 1) << 1);
        // afl-fuzz refuses a dictionary shorter than 2 bytes.
        var offerDictionary = sharedMemory is not null && dictionary.Length >= 2;
        if (sharedMemory is not null)
        {
            hello |= AflProtocol.OptSharedMemoryFuzz | (offerDictionary ? AflProtocol.OptAutoDictionary : 0);
        }

        ControlPipes.Write(hello);
        if (sharedMemory is null)
        {
            return;
        }

        if (!ControlPipes.TryRead(out var reply))
        {
            throw new InvalidOperationException("afl-fuzz closed the control pipe during the handshake.");
        }

        input = (reply & AflProtocol.OptSharedMemoryFuzz) != 0 ? sharedMemory : null;
        if ((reply & AflProtocol.OptAutoDictionary) != 0)
        {
            ControlPipes.Write((uint)dictionary.Length);
            ControlPipes.Write(dictionary);
        }
    }

    /// <summary>Serves runs until afl-fuzz closes the control pipe.</summary>
    public void Serve()
    {
        while (ControlPipes.TryRead(out var wasKilled))
        {
            if (wasKilled != 0)
            {
                // afl-fuzz timed the last run out and killed its worker, possibly just after the
                // worker answered: that worker is not trusted again.
                worker.Discard();
            }

            ControlPipes.Write((uint)worker.Prepare());
            var status = worker.Run((input ?? fallback).Read(), map);
            ControlPipes.Write((uint)status);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        sharedMemory?.Dispose();
        fallback.Dispose();
    }
}
