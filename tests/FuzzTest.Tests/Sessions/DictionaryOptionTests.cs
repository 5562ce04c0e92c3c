using System.Text.RegularExpressions;
using FuzzTest.Inputs;
using FuzzTest.Sessions;
using FuzzTest.TestTargets;
using FuzzTest.Tests.TestDoubles;
using FuzzTest.Tests.Workers;
using FuzzTest.Workers;
using Xunit.Abstractions;

namespace FuzzTest.Tests.Sessions;

/// <summary>
/// [Fuzz(Dictionary = …)]: the file's tokens join the mutation dictionary on top of the
/// instrumented code's constants, in process and in isolated workers (where they cross the
/// worker protocol); a bad file fails the session before anything runs.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public class DictionaryOptionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(FuzzExecutor.InProcess)]
    [InlineData(FuzzExecutor.Isolated)]
    public void The_files_tokens_are_added_to_the_code_constants(FuzzExecutor executor)
    {
        using var temp = new TempFolder();
        File.WriteAllText(Path.Combine(temp.Path, "lock.dict"), "# two tokens the code does not contain, one twice\nk1=\"zq\\x01x\"\nk2=\"zq\\x02x\"\nk3=\"zq\\x01x\"\n");

        var without = SeedTokens(temp, executor, dictionary: null);
        var with = SeedTokens(temp, executor, dictionary: "lock.dict");

        Assert.True(without > 0, "the instrumented target brings constants of its own");
        Assert.Equal(without + 2, with);
    }

    [Fact]
    public void A_malformed_file_fails_the_session_naming_the_method_file_and_line()
    {
        using var temp = new TempFolder();
        File.WriteAllText(Path.Combine(temp.Path, "bad.dict"), "ok=\"a\"\nbad=b\n");

        var error = Assert.Throws<InvalidOperationException>(() => SeedTokens(temp, FuzzExecutor.InProcess, "bad.dict"));

        Assert.Contains("[Fuzz(Dictionary = \"bad.dict\")] on CombinationLock.Open cannot be read", error.Message);
        Assert.Contains($"{Path.Combine(temp.Path, "bad.dict")}:2: the value is not in double quotes", error.Message);
    }

    // Runs a short session and reads the dictionary size from its seed summary line.
    private int SeedTokens(TempFolder temp, FuzzExecutor executor, string? dictionary)
    {
        var method = typeof(CombinationLock).GetMethod(nameof(CombinationLock.Open))!;
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var settings = new FuzzSettings { Patterns = ["*"], Runs = 200, Seed = 3, Duration = TimeSpan.MaxValue, Executor = executor, Workers = 1 };
        var options = new FuzzOptions { Dictionary = dictionary };
        var paths = FuzzPaths.At(temp.Path, temp.Path, nameof(CombinationLock), nameof(CombinationLock.Open));
        var config = new SessionConfig(
            "CombinationLock.Open", (buffer, length) => CombinationLock.Open(buffer.AsSpan(0, length)), paths, options, settings, new QueueSink(lines), f => f,
            Worker: WorkerTarget.For<PlainTargetFactory>(method, typeof(CombinationLock)));
        new FuzzSession(config).Run();
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        var summary = Assert.Single(lines, l => l.Contains("corpus entries from seeds"));
        return int.Parse(Regex.Match(summary, @"(\d+) dictionary tokens").Groups[1].Value);
    }
}
