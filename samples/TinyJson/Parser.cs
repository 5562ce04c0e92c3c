using System.Globalization;
using System.Text;

namespace TinyJson;

/// <summary>A recursive-descent parser over one UTF-8 document.</summary>
internal ref struct Parser
{
    // Scratch memory for decoding a string without allocating; most keys and strings fit.
    private const int ScratchSize = 512;

    private readonly ReadOnlySpan<byte> _utf8;
    private readonly int _maxDepth;
    private readonly bool _lenientNumbers;
    private readonly PathTracker _path = new();
    private int _pos;

    public Parser(ReadOnlySpan<byte> utf8, int start, TinyJsonOptions options)
    {
        _utf8 = utf8;
        _pos = start;
        _maxDepth = options.MaxDepth;
        _lenientNumbers = options.LenientNumbers;
    }

    /// <summary>Parses the whole input as one value with nothing but whitespace after it.</summary>
    public JsonValue ParseDocument()
    {
        var value = ParseValue(depth: 0);
        SkipWhitespace();
        if (_pos < _utf8.Length)
        {
            throw Error(_pos, "unexpected data after the value");
        }

        return value;
    }

    private JsonValue ParseValue(int depth)
    {
        Span<byte> scratch = stackalloc byte[ScratchSize];
        SkipWhitespace();
        if (_pos >= _utf8.Length)
        {
            throw Error(_pos, "unexpected end of input");
        }

        return _utf8[_pos] switch
        {
            (byte)'{' => ParseObject(Deeper(depth), scratch),
            (byte)'[' => ParseArray(Deeper(depth)),
            (byte)'"' => JsonValue.FromString(ParseString(scratch)),
            (byte)'t' => ParseLiteral("true"u8, JsonValue.True),
            (byte)'f' => ParseLiteral("false"u8, JsonValue.False),
            (byte)'n' => ParseLiteral("null"u8, JsonValue.Null),
            (byte)'-' or (>= (byte)'0' and <= (byte)'9') => ParseNumber(),
            (byte)'+' or (byte)'.' when _lenientNumbers => ParseNumber(),
            _ => throw Error(_pos, "unexpected character"),
        };
    }

    private readonly int Deeper(int depth)
    {
        if (_maxDepth > 0 && depth >= _maxDepth)
        {
            throw Error(_pos, $"nesting deeper than {_maxDepth}");
        }

        return depth + 1;
    }

    private JsonValue ParseObject(int depth, scoped Span<byte> scratch)
    {
        _pos++; // '{'
        var members = new List<KeyValuePair<string, JsonValue>>();
        SkipWhitespace();
        if (!At(_pos, '}'))
        {
            do
            {
                SkipWhitespace();
                if (!At(_pos, '"'))
                {
                    throw Error(_pos, "expected a member name");
                }

                string key = ParseString(scratch);
                SkipWhitespace();
                Expect(':', "expected ':' after the member name");
                _path.EnterMember(key);
                members.Add(new(key, ParseValue(depth)));
                _path.LeaveMember();
                SkipWhitespace();
            }
            while (TryConsume(','));
        }

        Expect('}', "expected ',' or '}' in object");
        return JsonValue.FromObject(members);
    }

    private JsonValue ParseArray(int depth)
    {
        _pos++; // '['
        var items = new List<JsonValue>();
        SkipWhitespace();
        if (!At(_pos, ']'))
        {
            do
            {
                _path.MoveToElement(items.Count);
                items.Add(ParseValue(depth));
                SkipWhitespace();
            }
            while (TryConsume(','));
        }

        Expect(']', "expected ',' or ']' in array");
        _path.LeaveElement();
        return JsonValue.FromArray(items);
    }

    private string ParseString(scoped Span<byte> scratch)
    {
        int start = _pos;
        _pos++; // opening quote
        var text = new Utf8Buffer(scratch);
        while (true)
        {
            if (_pos >= _utf8.Length)
            {
                throw Error(start, "unterminated string");
            }

            byte next = _utf8[_pos];
            if (next == '"')
            {
                _pos++;
                return text.ToString();
            }

            if (next == '\\')
            {
                text.Append(ReadEscape());
            }
            else if (next < 0x20)
            {
                throw Error(_pos, "control character in string");
            }
            else
            {
                text.Append(next);
                _pos++;
            }
        }
    }

    private Rune ReadEscape()
    {
        int start = _pos;
        _pos++; // backslash
        if (_pos >= _utf8.Length)
        {
            throw Error(start, "unterminated escape");
        }

        return _utf8[_pos++] switch
        {
            (byte)'"' => new Rune('"'),
            (byte)'\\' => new Rune('\\'),
            (byte)'/' => new Rune('/'),
            (byte)'b' => new Rune('\b'),
            (byte)'f' => new Rune('\f'),
            (byte)'n' => new Rune('\n'),
            (byte)'r' => new Rune('\r'),
            (byte)'t' => new Rune('\t'),
            (byte)'u' => ReadUnicodeEscape(start),
            _ => throw Error(start, "invalid escape"),
        };
    }

    private Rune ReadUnicodeEscape(int start)
    {
        int unit = ReadHex4();
        if (!char.IsSurrogate((char)unit))
        {
            return new Rune(unit);
        }

        if (char.IsHighSurrogate((char)unit) && _utf8[_pos..].StartsWith("\\u"u8))
        {
            _pos += 2;
            int low = ReadHex4();
            if (char.IsLowSurrogate((char)low))
            {
                return new Rune((char)unit, (char)low);
            }
        }

        throw Error(start, "unpaired surrogate in \\u escape");
    }

    // Reads the four hex digits of a \uXXXX escape.
    private int ReadHex4()
    {
        int value = 0;
        for (int i = 0; i < 4; i++)
        {
            int digit = HexDigitValue(_utf8[_pos + i]);
            if (digit < 0)
            {
                throw Error(_pos + i, "invalid hex digit in \\u escape");
            }

            value = (value << 4) | digit;
        }

        _pos += 4;
        return value;
    }

    private JsonValue ParseLiteral(ReadOnlySpan<byte> literal, JsonValue value)
    {
        if (!_utf8[_pos..].StartsWith(literal))
        {
            throw Error(_pos, "invalid literal");
        }

        _pos += literal.Length;
        return value;
    }

    private JsonValue ParseNumber() =>
        JsonValue.FromNumber(_lenientNumbers ? ParseLenientNumber() : ParseStrictNumber());

    // JSON's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    private double ParseStrictNumber()
    {
        int start = _pos;
        int p = SkipOptional(start, "-");
        p = At(p, '0') ? p + 1 : SkipRequiredDigits(p, "expected a digit");
        if (At(p, '.'))
        {
            p = SkipRequiredDigits(p + 1, "expected a digit after '.'");
        }

        if (At(p, 'e') || At(p, 'E'))
        {
            p = SkipRequiredDigits(SkipOptional(p + 1, "+-"), "expected a digit in the exponent");
        }

        _pos = p;
        return TryParseDouble(start, p, out double value) ? value : throw Error(start, "invalid number");
    }

    // Also accepts a leading '+', a missing integer part (".5") and a dangling '.' or exponent ("1.", "2e", "3e+").
    private double ParseLenientNumber()
    {
        int start = _pos;
        int mantissa = SkipOptional(start, "+-");
        int p = SkipDigits(mantissa);
        if (At(p, '.'))
        {
            p = SkipDigits(p + 1);
        }

        if (p == mantissa)
        {
            throw Error(p, "expected a digit");
        }

        if (At(p, 'e') || At(p, 'E'))
        {
            p = SkipDigits(SkipOptional(p + 1, "+-"));
        }

        _pos = p;

        // Trim what dangles off the end until the rest parses.
        int end = p;
        double value;
        while (!TryParseDouble(start, end, out value))
        {
            if (end == start)
            {
                throw Error(start, "invalid number");
            }

            end = TrimDangling(start, end);
        }

        return value;
    }

    // Cuts a dangling '.', exponent marker or exponent sign off the end of the number in [start, end).
    private readonly int TrimDangling(int start, int end)
    {
        byte last = _utf8[end - 1];
        bool exponentSign = (last == '+' || last == '-') && end - 1 > start;
        return last is (byte)'.' or (byte)'e' or (byte)'E' || exponentSign ? end - 1 : end;
    }

    private readonly bool TryParseDouble(int start, int end, out double value) =>
        double.TryParse(_utf8[start..end], NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private readonly int SkipDigits(int p)
    {
        while (p < _utf8.Length && char.IsAsciiDigit((char)_utf8[p]))
        {
            p++;
        }

        return p;
    }

    private readonly int SkipOptional(int p, string oneOf) =>
        p < _utf8.Length && oneOf.Contains((char)_utf8[p]) ? p + 1 : p;

    private readonly int SkipRequiredDigits(int p, string message)
    {
        int end = SkipDigits(p);
        return end > p ? end : throw Error(p, message);
    }

    private void SkipWhitespace()
    {
        while (_pos < _utf8.Length && _utf8[_pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            _pos++;
        }
    }

    private readonly bool At(int p, char expected) => p < _utf8.Length && _utf8[p] == expected;

    private bool TryConsume(char expected)
    {
        if (!At(_pos, expected))
        {
            return false;
        }

        _pos++;
        return true;
    }

    private void Expect(char expected, string message)
    {
        if (!TryConsume(expected))
        {
            throw Error(_pos, message);
        }
    }

    private static int HexDigitValue(byte digit) => digit switch
    {
        >= (byte)'0' and <= (byte)'9' => digit - '0',
        >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
        _ => -1,
    };

    private readonly TinyJsonException Error(int position, string message) =>
        new($"{message}, in {_path}", position);
}
