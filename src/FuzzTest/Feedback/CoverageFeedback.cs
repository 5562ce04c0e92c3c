using System.Runtime.InteropServices;

namespace FuzzTest.Feedback;

/// <summary>
/// New-coverage feedback over dense 8-bit counters with AFL-style hit-count buckets. The cost
/// of a check is proportional to the number of probes, not to a fixed 64 KiB map: zero
/// counters are skipped eight at a time.
/// </summary>
internal sealed class CoverageFeedback : IFeedback
{
    // Bucket bits already seen per counter; grows when instrumented modules load mid-session.
    private byte[] seen = [];

    /// <summary>Counters hit at least once so far.</summary>
    public int CoveredCount { get; private set; }

    /// <inheritdoc />
    public bool IsInteresting(ReadOnlySpan<byte> counters)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(counters);
        for (var w = 0; w < words.Length; w++)
        {
            if (words[w] != 0 && IsNew(counters, w * 8, (w * 8) + 8))
            {
                return true;
            }
        }

        return IsNew(counters, words.Length * 8, counters.Length);
    }

    /// <inheritdoc />
    public void Commit(ReadOnlySpan<byte> counters)
    {
        if (seen.Length < counters.Length)
        {
            Array.Resize(ref seen, counters.Length);
        }

        var buckets = HitCountBuckets.Of;
        for (var i = 0; i < counters.Length; i++)
        {
            var count = counters[i];
            if (count == 0)
            {
                continue;
            }

            if (seen[i] == 0)
            {
                CoveredCount++;
            }

            seen[i] |= buckets[count];
        }
    }

    private bool IsNew(ReadOnlySpan<byte> counters, int from, int to)
    {
        var buckets = HitCountBuckets.Of;
        for (var i = from; i < to; i++)
        {
            var count = counters[i];
            if (count != 0 && (i >= seen.Length || (buckets[count] & ~seen[i]) != 0))
            {
                return true;
            }
        }

        return false;
    }
}
