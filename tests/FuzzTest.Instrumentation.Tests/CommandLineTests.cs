namespace FuzzTest.Instrumentation.Tests;

public class CommandLineTests
{
    [Fact]
    public void PrintsOneLinePerAssemblyAndAnMSBuildErrorForFailures()
    {
        using var files = TestFiles.CopyOf(TestFiles.OriginalTestTargets);
        var good = files["FuzzTest.TestTargets.dll"];
        var bad = files["broken.dll"];
        File.WriteAllText(bad, "not a PE file");

        var (exit, output) = Run("--runtime", TestFiles.Runtime, good, bad);
        var (secondExit, secondOutput) = Run("--runtime", TestFiles.Runtime, good);

        Assert.Equal(1, exit);
        Assert.Matches(@"^FuzzTest: instrumented FuzzTest\.TestTargets\.dll \(\d+ probes, \d+ dictionary tokens", output[0]);
        Assert.StartsWith($"error FT0001: {bad}: ", output[1], StringComparison.Ordinal);
        Assert.Equal(0, secondExit);
        Assert.Equal("FuzzTest: FuzzTest.TestTargets.dll already instrumented, left as is", Assert.Single(secondOutput));
    }

    [Fact]
    public void AMissingRuntimeIsAnError()
    {
        var (exit, output) = Run("--runtime", "/nonexistent/FuzzTest.dll", TestFiles.OriginalTestTargets);

        Assert.Equal(1, exit);
        Assert.StartsWith("error FT0001: ", Assert.Single(output), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutArgumentsItPrintsUsage()
    {
        var (exit, _) = Run();

        Assert.Equal(2, exit);
    }

    private static (int Exit, string[] Lines) Run(params string[] args)
    {
        var original = Console.Out;
        var originalError = Console.Error;
        using var output = new StringWriter();
        Console.SetOut(output);
        Console.SetError(TextWriter.Null);
        try
        {
            var exit = Program.Main(args);
            return (exit, output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
    }
}
