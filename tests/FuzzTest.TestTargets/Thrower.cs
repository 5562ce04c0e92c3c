using System.Runtime.CompilerServices;

namespace FuzzTest.TestTargets;

/// <summary>Throws from a known line, after enough branches that probes shift every IL offset.</summary>
public static class Thrower
{
    /// <summary>Throws an exception whose message is the line number of the throw statement.</summary>
    /// <param name="rounds">Loop iterations before throwing.</param>
    /// <returns>Never returns normally for non-negative <paramref name="rounds"/>.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Throw(int rounds = 3)
    {
        var total = 0;
        for (var i = 0; i < rounds; i++)
        {
            total += i % 2 == 0 ? i : -i;
        }

        if (total > -1000)
        {
            throw new InvalidOperationException(LineHere());
        }

        return total;
    }

    private static string LineHere([CallerLineNumber] int line = 0) => line.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
