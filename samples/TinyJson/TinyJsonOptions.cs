namespace TinyJson;

/// <summary>Options that change what <see cref="TinyJson.Parse"/> accepts.</summary>
public sealed class TinyJsonOptions
{
    private readonly int _maxDepth = 64;

    /// <summary>The options used when none are given: strict numbers, at most 64 nested containers.</summary>
    public static TinyJsonOptions Default { get; } = new();

    /// <summary>
    /// The deepest nesting of arrays and objects allowed; deeper input fails with a
    /// <see cref="TinyJsonException"/>. Zero means unlimited. The default is 64.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxDepth
    {
        get => _maxDepth;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxDepth = value;
        }
    }

    /// <summary>
    /// Accepts JavaScript-style numbers as well: a leading <c>+</c>, a missing integer part
    /// (<c>.5</c>) and a dangling <c>.</c> or exponent (<c>1.</c>, <c>2e</c>, <c>3e+</c>). The default is false.
    /// </summary>
    public bool LenientNumbers { get; init; }
}
