namespace FuzzTest.TestTargets;

/// <summary>A generic type with a static constructor and a nested struct.</summary>
public sealed class Box<T>
{
    private static readonly string Created;

    static Box()
    {
        Created = typeof(T).Name.Length > 3 ? "long" : "short";
    }

    /// <summary>Creates a box.</summary>
    public Box(T value) => Value = new Slot(value, Created);

    /// <summary>The boxed slot.</summary>
    public Slot Value { get; }

    /// <summary>A nested value type.</summary>
    public readonly record struct Slot(T Item, string Kind);
}
