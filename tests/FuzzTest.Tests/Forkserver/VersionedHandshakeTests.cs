using FuzzTest.Executors;
using FuzzTest.Forkserver;

namespace FuzzTest.Tests.Forkserver;

/// <summary>
/// The AFL++ 4.20c+ handshake and the autodictionary, against <c>FakeForkserver.c</c> (Debian's
/// 4.04c builds only the older handshake, and afl-cc targets carry no dictionary).
/// </summary>
public class VersionedHandshakeTests
{
    [AflFact]
    public void The_versioned_handshake_reads_map_size_and_dictionary_and_runs_work()
    {
        using var executor = new ForkserverExecutor(new ForkserverOptions(NativeTargets.VersionedFake));
        Assert.Equal(AflProtocol.NewHelloBase + 1, executor.Hello);
        Assert.Equal(AflProtocol.Align(100), executor.MapSize);
        Assert.False(executor.SharedMemoryInput);
        Assert.Equal(["FUZZ", "HANG"], executor.Dictionary.Select(t => System.Text.Encoding.ASCII.GetString(t)));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ExitKind.Ok, executor.Run([1, 2, 3], 3).Kind);
            Assert.Equal(1, executor.Coverage[1]);
        }
    }

    [AflFact]
    public void A_map_larger_than_offered_restarts_the_target_with_the_size_it_asked_for()
    {
        using var executor = new ForkserverExecutor(new ForkserverOptions(NativeTargets.VersionedFake) { MapSize = AflProtocol.MapAlignment });
        Assert.Equal(AflProtocol.Align(100), executor.MapSize);
        Assert.Equal(ExitKind.Ok, executor.Run([1], 1).Kind);
        Assert.Equal(1, executor.Coverage[1]);
    }

    [AflFact]
    public void The_old_handshake_accepts_an_offered_autodictionary_and_reads_it()
    {
        using var executor = new ForkserverExecutor(new ForkserverOptions(NativeTargets.VersionedFake) { Arguments = ["old-dict"] });
        Assert.Equal(AflProtocol.Align(100), executor.MapSize);
        Assert.Equal(["FUZZ", "HANG"], executor.Dictionary.Select(t => System.Text.Encoding.ASCII.GetString(t)));
        Assert.Equal(ExitKind.Ok, executor.Run([1], 1).Kind);
        Assert.Equal(1, executor.Coverage[1]);
    }

    [AflFact]
    public void An_error_word_instead_of_the_hello_is_reported()
    {
        var error = Assert.Throws<ForkserverException>(() => new ForkserverExecutor(new ForkserverOptions(NativeTargets.VersionedFake) { Arguments = ["error"] }));
        Assert.Contains("FS_ERROR_MAP_SIZE", error.Message);
    }
}
