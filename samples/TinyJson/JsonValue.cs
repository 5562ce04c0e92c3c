namespace TinyJson;

/// <summary>A parsed value: null, a boolean, a number, a string, an array or an object.</summary>
public sealed class JsonValue
{
    private readonly bool _boolean;
    private readonly double _number;
    private readonly string? _string;
    private readonly IReadOnlyList<JsonValue>? _items;
    private readonly IReadOnlyList<KeyValuePair<string, JsonValue>>? _members;

    private JsonValue(
        JsonKind kind,
        bool boolean = false,
        double number = 0,
        string? text = null,
        IReadOnlyList<JsonValue>? items = null,
        IReadOnlyList<KeyValuePair<string, JsonValue>>? members = null)
    {
        Kind = kind;
        _boolean = boolean;
        _number = number;
        _string = text;
        _items = items;
        _members = members;
    }

    /// <summary>The literal <c>null</c>.</summary>
    public static JsonValue Null { get; } = new(JsonKind.Null);

    /// <summary>The literal <c>true</c>.</summary>
    public static JsonValue True { get; } = new(JsonKind.Boolean, boolean: true);

    /// <summary>The literal <c>false</c>.</summary>
    public static JsonValue False { get; } = new(JsonKind.Boolean, boolean: false);

    /// <summary>What kind of value this is; the matching <c>As...</c> method reads it.</summary>
    public JsonKind Kind { get; }

    /// <summary>The value of a <see cref="JsonKind.Boolean"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is of another kind.</exception>
    public bool AsBoolean() => Expect(JsonKind.Boolean)._boolean;

    /// <summary>The value of a <see cref="JsonKind.Number"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is of another kind.</exception>
    public double AsNumber() => Expect(JsonKind.Number)._number;

    /// <summary>The value of a <see cref="JsonKind.String"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is of another kind.</exception>
    public string AsString() => Expect(JsonKind.String)._string!;

    /// <summary>The elements of an <see cref="JsonKind.Array"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is of another kind.</exception>
    public IReadOnlyList<JsonValue> AsArray() => Expect(JsonKind.Array)._items!;

    /// <summary>The members of an <see cref="JsonKind.Object"/>, in document order.</summary>
    /// <exception cref="InvalidOperationException">The value is of another kind.</exception>
    public IReadOnlyList<KeyValuePair<string, JsonValue>> AsObject() => Expect(JsonKind.Object)._members!;

    /// <summary>Finds the last member named <paramref name="key"/> of an <see cref="JsonKind.Object"/>.</summary>
    /// <returns>The member's value, or <see langword="null"/> when there is no such member.</returns>
    /// <exception cref="InvalidOperationException">The value is not an object.</exception>
    public JsonValue? GetMember(string key)
    {
        JsonValue? found = null;
        foreach (var member in AsObject())
        {
            if (member.Key == key)
            {
                found = member.Value;
            }
        }

        return found;
    }

    internal static JsonValue FromNumber(double number) => new(JsonKind.Number, number: number);

    internal static JsonValue FromString(string text) => new(JsonKind.String, text: text);

    internal static JsonValue FromArray(List<JsonValue> items) => new(JsonKind.Array, items: items);

    internal static JsonValue FromObject(List<KeyValuePair<string, JsonValue>> members) =>
        new(JsonKind.Object, members: members);

    private JsonValue Expect(JsonKind kind) =>
        Kind == kind ? this : throw new InvalidOperationException($"The value is a {Kind}, not a {kind}.");
}
