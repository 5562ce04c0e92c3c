using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FuzzTest.Benchmarks;

/// <summary>One result: a flat JSON object printed on one stdout line, fields in the order added.</summary>
internal sealed class JsonLine
{
    // The output is read by scripts and people, never embedded in HTML: quotes and '+' stay readable.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly List<(string Name, object? Value)> fields = [];

    /// <summary>Starts a line whose first field is <c>"scenario"</c>.</summary>
    public JsonLine(string scenario) => fields.Add(("scenario", scenario));

    /// <summary>Adds a whole number.</summary>
    public JsonLine Add(string name, long value) => With(name, value);

    /// <summary>Adds a number.</summary>
    public JsonLine Add(string name, double value) => With(name, value);

    /// <summary>Adds a number, or null when there is none (such as the median of no values).</summary>
    public JsonLine Add(string name, double? value) => With(name, value);

    /// <summary>Adds a string.</summary>
    public JsonLine Add(string name, string value) => With(name, value);

    /// <summary>Writes the object to stdout as one line.</summary>
    public void Print()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                switch (value)
                {
                    case null:
                        writer.WriteNull(name);
                        break;
                    case long number:
                        writer.WriteNumber(name, number);
                        break;
                    case double number:
                        writer.WriteNumber(name, number);
                        break;
                    default:
                        writer.WriteString(name, value.ToString());
                        break;
                }
            }

            writer.WriteEndObject();
        }

        Console.Out.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        Console.Out.Flush();
    }

    private JsonLine With(string name, object? value)
    {
        fields.Add((name, value));
        return this;
    }
}
