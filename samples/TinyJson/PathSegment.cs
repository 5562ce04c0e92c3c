namespace TinyJson;

/// <summary>One step of a <see cref="PathTracker"/> path: the root, an object member or an array element.</summary>
/// <param name="Text">The step as it is printed: <c>$</c>, <c>.name</c> or <c>[3]</c>.</param>
/// <param name="IsMember">True for an object member.</param>
internal readonly record struct PathSegment(string Text, bool IsMember)
{
    public static PathSegment Root { get; } = new("$", IsMember: false);

    public static PathSegment Member(string key) => new($".{key}", IsMember: true);

    public static PathSegment Element(int index) => new($"[{index}]", IsMember: false);

    public override string ToString() => Text;
}
