namespace FuzzTest.TestTargets;

/// <summary>
/// Code shapes that stress IL rewriting: compiler-generated state machines and closures,
/// filters, finally blocks, values on the stack at join points, generics, static constructors.
/// </summary>
public static class Shapes
{
    private static readonly int[] Table = [3, 1, 4, 1, 5, 9, 2, 6];

    /// <summary>An async method with a try/finally around an await.</summary>
    public static async Task<int> SumAsync(int count)
    {
        var sum = 0;
        for (var i = 0; i < count; i++)
        {
            try
            {
                await Task.Yield();
                sum += Table[i % Table.Length];
            }
            finally
            {
                sum++;
            }
        }

        return sum;
    }

    /// <summary>An iterator with a branch inside the loop.</summary>
    public static IEnumerable<int> Evens(int limit)
    {
        for (var i = 0; i < limit; i++)
        {
            if (i % 2 == 0)
            {
                yield return i;
            }
        }
    }

    /// <summary>A closure capturing a local, and a local function.</summary>
    public static int CountAbove(IEnumerable<int> values, int threshold)
    {
        var seen = 0;
        foreach (var value in values.Where(v => v > threshold))
        {
            seen += Weight(value);
        }

        return seen;

        static int Weight(int v) => v > 100 ? 2 : 1;
    }

    /// <summary>An exception filter and a conditional expression whose join carries a value.</summary>
    public static string Describe(int x)
    {
        try
        {
            return (x > 0 ? "positive:" : "other:") + Checked(x);
        }
        catch (OverflowException ex) when (ex.Message.Length > 0 && x < 0)
        {
            return "overflow";
        }
    }

    /// <summary>A generic method with a constraint.</summary>
    public static T Max<T>(T a, T b)
        where T : IComparable<T> => a.CompareTo(b) >= 0 ? a : b;

    private static int Checked(int x) => checked(x * 1000000);
}
