namespace FuzzTest.Benchmarks;

/// <summary>Summaries of repeated measurements.</summary>
internal static class Statistics
{
    /// <summary>The median (mean of the middle two for an even count), or null for no values.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
