using System.Diagnostics;
using System.Runtime.InteropServices;
using FuzzTest.Messaging.Tcp;

namespace FuzzTest.Messaging.Tests;

/// <summary>The futex wrapper and the broker's doorbell, each side on a thread of its own.</summary>
public unsafe class DoorbellTests
{
    // Far longer than a wakeup takes, so a waiter that returns well before it was woken, not timed out.
    private const long LongWaitMicroseconds = 10_000_000;
    private static readonly TimeSpan WellBeforeTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public void TheFutexWorksOnLinuxX64AndArm64()
    {
        var expected = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;
        Assert.Equal(expected, Futex.Supported);
    }

    [Fact]
    public void AFutexWait_ReturnsAtOnceWhenTheWordChangedAlready_AndWhenWoken()
    {
        if (!Futex.Supported)
        {
            return;
        }

        var word = (int*)NativeMemory.AllocZeroed(sizeof(int));
        try
        {
            var clock = Stopwatch.StartNew();
            Futex.Wait(word, expected: 1, LongWaitMicroseconds);
            Assert.True(clock.Elapsed < WellBeforeTimeout, $"a wait on a changed word took {clock.Elapsed}");

            var address = (nint)word;
            var waited = TimeSpan.Zero;
            var waiter = new Thread(() =>
            {
                var started = Stopwatch.StartNew();
                Futex.Wait((int*)address, expected: 0, LongWaitMicroseconds);
                waited = started.Elapsed;
            });
            waiter.Start();
            Thread.Sleep(50);
            Interlocked.Increment(ref *word);
            Futex.Wake(word);
            Assert.True(waiter.Join(WellBeforeTimeout), "the waiter was not woken");
            Assert.True(waited < WellBeforeTimeout, $"the waiter returned after {waited}");
        }
        finally
        {
            NativeMemory.Free(word);
        }
    }

    [Fact]
    public void ARingWhileTheBrokerWorks_ChangesNothing_AndARingWhileItSleeps_BumpsTheWordItWaitsOn()
    {
        using var broker = Doorbell.Create();
        using var client = Doorbell.Open(broker.Name, Doorbell.Size);

        // Awake: a ring changes nothing, so the next sleep waits on the same ticket.
        var ticket = broker.PrepareToSleep();
        broker.Awake();
        client.Ring();
        Assert.Equal(ticket, broker.PrepareToSleep());

        // Asleep: the ring bumps the word, so a sleep on the old ticket returns at once.
        client.Ring();
        broker.Sleep(ticket);
        Assert.NotEqual(ticket, broker.PrepareToSleep());
        broker.Awake();
    }

    [Fact]
    public void ADoorbellSmallerThanItsLayout_IsRefused()
    {
        using var broker = Doorbell.Create();
        Assert.Throws<InvalidDataException>(() => Doorbell.Open(broker.Name, Doorbell.Size - 1));
    }
}
