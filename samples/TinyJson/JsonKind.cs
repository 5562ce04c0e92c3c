namespace TinyJson;

/// <summary>The kind of a <see cref="JsonValue"/>.</summary>
public enum JsonKind
{
    /// <summary>The literal <c>null</c>.</summary>
    Null,

    /// <summary>The literal <c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A number, held as a <see cref="double"/>.</summary>
    Number,

    /// <summary>A string.</summary>
    String,

    /// <summary>An array of values.</summary>
    Array,

    /// <summary>An object: members in document order, duplicates kept.</summary>
    Object,
}
