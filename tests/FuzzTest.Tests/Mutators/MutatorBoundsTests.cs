using FuzzTest.Mutators;
using FuzzTest.Randomness;

namespace FuzzTest.Tests.Mutators;

/// <summary>
/// Property tests: thousands of seeded runs over small buffers, where every boundary (empty,
/// full, one byte, tokens longer than the room) comes up often.
/// </summary>
public class MutatorBoundsTests
{
    private const int Runs = 3000;
    private const int MutationsPerRun = 20;

    [Fact]
    public void Havoc_NeverExceedsMaxLength()
    {
        for (var seed = 0UL; seed < Runs; seed++)
        {
            var random = new Xoshiro256StarStar(seed);
            var input = RandomInput(random);
            var havoc = new HavocMutator(RandomTokens(random));
            for (var i = 0; i < MutationsPerRun; i++)
            {
                havoc.Mutate(input, random);
                Assert.InRange(input.Length, 0, input.MaxLength);
            }
        }
    }

    [Fact]
    public void SpliceThenHavoc_NeverExceedsMaxLength()
    {
        for (var seed = 0UL; seed < Runs; seed++)
        {
            var random = new Xoshiro256StarStar(seed);
            var input = RandomInput(random);
            var partner = RandomBytes(random, random.Below(80));
            var splice = new SpliceMutator(_ => partner);
            var havoc = new HavocMutator();
            for (var i = 0; i < MutationsPerRun; i++)
            {
                splice.Mutate(input, random);
                Assert.InRange(input.Length, 0, input.MaxLength);
                havoc.Mutate(input, random);
                Assert.InRange(input.Length, 0, input.MaxLength);
            }
        }
    }

    [Fact]
    public void Havoc_ReturnsFalseOnlyWhenTheInputIsUnchanged()
    {
        for (var seed = 0UL; seed < Runs; seed++)
        {
            var random = new Xoshiro256StarStar(seed);
            var input = RandomInput(random);
            var before = input.ToArray();

            if (!new HavocMutator().Mutate(input, random))
            {
                Assert.Equal(before, input.ToArray());
            }
        }
    }

    private static InputBuffer RandomInput(IFuzzRandom random)
    {
        var input = new InputBuffer(random.Below(40));
        input.Load(RandomBytes(random, random.Below(input.MaxLength + 1)));
        return input;
    }

    private static TokenDictionary RandomTokens(IFuzzRandom random)
    {
        var tokens = new TokenDictionary();
        var count = random.Below(4);
        for (var i = 0; i < count; i++)
        {
            tokens.Add(RandomBytes(random, 1 + random.Below(50)));
        }

        return tokens;
    }

    private static byte[] RandomBytes(IFuzzRandom random, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)random.Below(256);
        }

        return bytes;
    }
}
