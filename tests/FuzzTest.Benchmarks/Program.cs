using FuzzTest.Benchmarks.Scenarios;

namespace FuzzTest.Benchmarks;

/// <summary>Runs the scenarios named on the command line; see README.md and <see cref="BenchmarkArguments.Usage"/>.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (!BenchmarkArguments.TryParse(args, out var arguments, out var problem))
        {
            Console.Error.WriteLine($"error: {problem}");
            Console.Error.WriteLine();
            Console.Error.WriteLine(BenchmarkArguments.Usage);
            return 2;
        }

        if (arguments.Help)
        {
            Console.Error.WriteLine(BenchmarkArguments.Usage);
            return 0;
        }

        Throughput? inProcess = null;
        Throughput? libFuzzer = null;
        Throughput? isolated = null;
        var failed = false;
        foreach (var scenario in arguments.Scenarios)
        {
            switch (scenario)
            {
                case "inprocess":
                    inProcess = InProcessScenario.Run(Seconds(arguments, BenchmarkArguments.DefaultThroughputSeconds));
                    failed |= inProcess is null;
                    PrintRatio("ratio/inprocess-vs-libfuzzer", inProcess, libFuzzer);
                    PrintRatio("ratio/isolated-vs-inprocess", isolated, inProcess);
                    break;
                case "libfuzzer":
                    libFuzzer = LibFuzzerScenario.Run(Seconds(arguments, BenchmarkArguments.DefaultThroughputSeconds));
                    failed |= libFuzzer is null;
                    PrintRatio("ratio/inprocess-vs-libfuzzer", inProcess, libFuzzer);
                    break;
                case "isolated":
                    isolated = IsolatedScenario.Run(Seconds(arguments, BenchmarkArguments.DefaultThroughputSeconds));
                    failed |= isolated is null;
                    PrintRatio("ratio/isolated-vs-inprocess", isolated, inProcess);

                    // After the ratio, so that line still follows the two it compares.
                    failed |= !RestartScenario.Run();
                    break;
                case "restart":
                    failed |= !RestartScenario.Run();
                    break;
                case "llmp":
                    LlmpScenario.Run();
                    break;
                case "scaling":
                    failed |= !ScalingScenario.Run(Seconds(arguments, BenchmarkArguments.DefaultThroughputSeconds));
                    break;
                case "sync-dir":
                    SyncDirScenario.Run();
                    break;
                case "llmp-idle":
                    LlmpIdleScenario.Run();
                    break;
                case "forkserver":
                    failed |= !ForkserverScenario.Run(arguments.Targets, Seconds(arguments, BenchmarkArguments.DefaultThroughputSeconds));
                    break;
                case "ttf":
                    failed |= !TimeToFindScenario.Run(arguments.Seeds, Seconds(arguments, BenchmarkArguments.DefaultTimeToFindSeconds));
                    break;
            }
        }

        // Every result line is printed either way; a non-zero exit tells scripts that one is an error.
        return failed ? 1 : 0;
    }

    private static TimeSpan Seconds(BenchmarkArguments arguments, double fallback) =>
        TimeSpan.FromSeconds(arguments.Seconds ?? fallback);

    // Printed as soon as the second of the pair finishes, so it follows the two lines it compares.
    private static void PrintRatio(string scenario, Throughput? measured, Throughput? reference)
    {
        if (measured is null || reference is null || reference.PerSecond <= 0)
        {
            return;
        }

        new JsonLine(scenario)
            .Add("ratio", Math.Round(measured.PerSecond / reference.PerSecond, 4))
            .Print();
    }
}
