using FuzzTest.Randomness;

namespace FuzzTest.Tests.TestDoubles;

/// <summary>
/// An <see cref="IFuzzRandom"/> that replays a fixed script, so a test pins every choice a
/// mutator makes. A value that does not fit the bound asked for, or a call past the end of the
/// script, throws at once with the call number, so a wrong script fails loudly instead of
/// silently testing something else.
/// </summary>
internal sealed class ScriptedRandom : IFuzzRandom
{
    private readonly ulong[] script;
    private int position;

    /// <summary>Creates a random source that answers with <paramref name="script"/>, in order.</summary>
    public ScriptedRandom(params ulong[] script)
    {
        this.script = script;
    }

    /// <summary>True once every scripted value was used; tests assert it so no value is left unread.</summary>
    public bool IsExhausted => position == script.Length;

    /// <summary>How many scripted values are still unread.</summary>
    public int Remaining => script.Length - position;

    /// <inheritdoc />
    public int Below(int bound)
    {
        if (bound <= 0)
        {
            throw new InvalidOperationException($"Call #{position + 1} asked for Below({bound}); the bound must be positive.");
        }

        var value = Take($"Below({bound})");
        if (value >= (ulong)bound)
        {
            throw new InvalidOperationException(
                $"Call #{position} asked for Below({bound}) but the script holds {value}, which is out of range.");
        }

        return (int)value;
    }

    /// <inheritdoc />
    public ulong Next() => Take("Next()");

    private ulong Take(string call)
    {
        if (position == script.Length)
        {
            throw new InvalidOperationException(
                $"Call #{position + 1} asked for {call} but the script of {script.Length} values has run out.");
        }

        return script[position++];
    }
}
