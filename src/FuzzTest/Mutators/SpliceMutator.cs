using FuzzTest.Randomness;

namespace FuzzTest.Mutators;

/// <summary>
/// AFL's splice: keeps the head of the current input and takes the tail from another corpus
/// entry, so that progress made separately by two entries can meet in one. The fuzzer runs havoc
/// on the result, as AFL does, because a bare crossover of two known inputs is rarely new.
/// </summary>
internal sealed class SpliceMutator : IMutator
{
    /// <summary>
    /// Partners asked for per call: a corpus often holds inputs identical to or differing in one
    /// byte from the current one, which cannot be spliced, and a few tries usually find a partner.
    /// </summary>
    public const int Attempts = 4;

    private readonly Func<IFuzzRandom, ReadOnlyMemory<byte>?> partners;

    /// <summary>
    /// Creates a splice mutator; <paramref name="partners"/> returns some corpus input chosen with
    /// the given random source, or null when there is none.
    /// </summary>
    public SpliceMutator(Func<IFuzzRandom, ReadOnlyMemory<byte>?> partners)
    {
        ArgumentNullException.ThrowIfNull(partners);
        this.partners = partners;
    }

    /// <summary>
    /// For each of up to <see cref="Attempts"/> partners: finds the first and last byte where the
    /// two inputs differ (over their common length) and, if they are at least two apart, draws the
    /// split <c>Below(last - first)</c> (plus first); the result is the input's bytes before the
    /// split followed by the partner's bytes from the split on, cut to MaxLength.
    /// </summary>
    public bool Mutate(InputBuffer input, IFuzzRandom random)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var partner = partners(random);
            if (partner is not { } memory)
            {
                return false;
            }

            var other = memory.Span;
            var common = Math.Min(input.Length, other.Length);
            var mine = input.Data.AsSpan(0, common);
            var first = mine.CommonPrefixLength(other[..common]);
            if (first == common)
            {
                continue;
            }

            // The last differing byte, found as the common suffix of the overlapping parts.
            var last = common - 1 - CommonSuffixLength(mine, other[..common]);
            if (last - first < 2)
            {
                continue;
            }

            var split = first + random.Below(last - first);
            var length = Math.Min(other.Length, input.MaxLength);
            other[split..length].CopyTo(input.Data.AsSpan(split));
            input.Length = length;
            return true;
        }

        return false;
    }

    private static int CommonSuffixLength(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var count = 0;
        while (count < a.Length && a[a.Length - 1 - count] == b[b.Length - 1 - count])
        {
            count++;
        }

        return count;
    }
}
