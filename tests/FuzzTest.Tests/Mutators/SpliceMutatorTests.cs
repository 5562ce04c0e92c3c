using FuzzTest.Mutators;
using FuzzTest.Randomness;

namespace FuzzTest.Tests.Mutators;

public class SpliceMutatorTests
{
    [Theory]
    [InlineData(new byte[] { 1, 9, 9, 9, 9, 6, 7, 8 }, 1ul, 16, new byte[] { 1, 2, 9, 9, 9, 6, 7, 8 })]
    [InlineData(new byte[] { 1, 9, 9, 9, 9, 6, 7, 8 }, 0ul, 16, new byte[] { 1, 9, 9, 9, 9, 6, 7, 8 })]
    [InlineData(new byte[] { 1, 9, 9, 9, 9, 6, 7, 8 }, 2ul, 6, new byte[] { 1, 2, 3, 9, 9, 6 })]
    [InlineData(new byte[] { 0, 2, 3, 0 }, 2ul, 16, new byte[] { 1, 2, 3, 0 })]
    public void Mutate_KeepsHeadAndTakesPartnerTail(byte[] partner, ulong split, int maxLength, byte[] expected)
    {
        // Against {1..6} the first partner differs at 1 and last differs (over 6 bytes) at 4: split = 1 + draw.
        // The short partner differs at 0 and 3: split = draw.
        var mutator = new SpliceMutator(_ => partner);

        MutationRun.AssertProduces(mutator.Mutate, [1, 2, 3, 4, 5, 6], [split], expected, maxLength);
    }

    [Fact]
    public void Mutate_WithoutPartner_Declines() =>
        MutationRun.AssertDeclines(new SpliceMutator(_ => null).Mutate, [1, 2, 3], []);

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4 })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(new byte[] { 1, 7, 3, 4 })]
    [InlineData(new byte[] { 1, 7, 7, 4 })]
    public void Mutate_WhenPartnersDifferTooLittle_Declines(byte[] partner)
    {
        var calls = 0;
        var mutator = new SpliceMutator(_ =>
        {
            calls++;
            return partner;
        });

        MutationRun.AssertDeclines(mutator.Mutate, [1, 2, 3, 4], []);
        Assert.Equal(SpliceMutator.Attempts, calls);
    }

    [Fact]
    public void Mutate_TriesAnotherPartnerAfterAnUnusableOne()
    {
        var partners = new Queue<byte[]>([[1, 2, 3, 4], [9, 2, 3, 9]]);
        var mutator = new SpliceMutator(_ => partners.Dequeue());

        MutationRun.AssertProduces(mutator.Mutate, [1, 2, 3, 4], [1], [1, 2, 3, 9]);
    }

    [Fact]
    public void Mutate_PassesItsRandomSourceToThePartnerSource()
    {
        IFuzzRandom? seen = null;
        var random = new Xoshiro256StarStar(1);
        var mutator = new SpliceMutator(r =>
        {
            seen = r;
            return null;
        });

        mutator.Mutate(new InputBuffer(4), random);

        Assert.Same(random, seen);
    }
}
