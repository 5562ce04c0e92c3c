namespace FuzzTest.Benchmarks;

/// <summary>Executions of a target over a measured time: the figure the throughput scenarios compare.</summary>
/// <param name="Scenario">Its JSON scenario name.</param>
/// <param name="Executions">Runs of the target.</param>
/// <param name="Seconds">Wall time the runs took.</param>
internal sealed record Throughput(string Scenario, long Executions, double Seconds)
{
    /// <summary>Executions per second.</summary>
    public double PerSecond => Seconds > 0 ? Executions / Seconds : 0;

    /// <summary>Prints the result line.</summary>
    public void Print() => new JsonLine(Scenario)
        .Add("execs", Executions)
        .Add("seconds", Math.Round(Seconds, 3))
        .Add("execs_per_sec", Math.Round(PerSecond, 1))
        .Print();
}
