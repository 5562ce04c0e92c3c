namespace FuzzTest.Findings;

/// <summary>
/// Shrinks a failing input while it still fails the same way, within a budget of runs:
/// first removes ever smaller blocks (AFL's afl-tmin and libFuzzer's -minimize_crash), then
/// replaces bytes with '0' so what remains is easier to read.
/// </summary>
internal static class Minimizer
{
    /// <summary>Default number of runs one minimization may spend.</summary>
    public const int DefaultBudget = 4096;

    /// <summary>
    /// Returns the smallest input found for which <paramref name="stillFails"/> holds, starting from
    /// <paramref name="input"/> (which must fail), using at most <paramref name="budget"/> calls and
    /// stopping at <paramref name="deadline"/> (UTC) if given. Returns <paramref name="input"/> itself when nothing smaller fails.
    /// </summary>
    public static byte[] Minimize(byte[] input, Func<byte[], bool> stillFails, int budget = DefaultBudget, DateTime? deadline = null)
    {
        var current = input;
        var runs = 0;
        bool TryCandidate(byte[] candidate)
        {
            if (runs >= budget || (deadline is { } end && DateTime.UtcNow >= end))
            {
                runs = budget;
                return false;
            }

            runs++;
            return stillFails(candidate);
        }

        for (var block = Math.Max(1, current.Length / 2); block >= 1 && runs < budget; block /= 2)
        {
            var start = 0;
            while (start < current.Length && runs < budget)
            {
                var size = Math.Min(block, current.Length - start);
                var candidate = new byte[current.Length - size];
                current.AsSpan(0, start).CopyTo(candidate);
                current.AsSpan(start + size).CopyTo(candidate.AsSpan(start));
                if (TryCandidate(candidate))
                {
                    current = candidate;
                }
                else
                {
                    start += size;
                }
            }
        }

        for (var i = 0; i < current.Length && runs < budget; i++)
        {
            if (current[i] == (byte)'0')
            {
                continue;
            }

            var candidate = (byte[])current.Clone();
            candidate[i] = (byte)'0';
            if (TryCandidate(candidate))
            {
                current = candidate;
            }
        }

        return current;
    }
}
