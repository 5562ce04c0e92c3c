using System.Buffers.Binary;
using System.Text;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace FuzzTest.Instrumentation;

/// <summary>
/// Gathers the constants a module compares input against (string literals, large integer
/// literals, short static data blobs) so the fuzzer can splice them into inputs. This is the
/// static half of comparison tracing: enough to get past <c>if (header == "FUZZTEST")</c>.
/// </summary>
internal sealed class DictionaryCollector
{
    /// <summary>Most tokens kept per module; the first ones found win.</summary>
    public const int MaxTokens = 4096;

    /// <summary>Longest token kept, in bytes.</summary>
    public const int MaxTokenLength = 64;

    // Small integers are everywhere (loop bounds, lengths, flags) and random mutation finds them
    // anyway; only values outside this range are worth a dictionary slot.
    private const int SmallIntegerLimit = 256;

    private readonly List<byte[]> tokens = [];
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    /// <summary>The tokens in the order they were found.</summary>
    public IReadOnlyList<byte[]> Tokens => tokens;

    /// <summary>Collects the constants of every method body and static data field of <paramref name="module"/>.</summary>
    /// <param name="module">The module, before any probe is inserted.</param>
    public void Collect(ModuleDefinition module)
    {
        foreach (var type in module.GetTypes())
        {
            foreach (var method in type.Methods)
            {
                if (method.HasBody)
                {
                    CollectFromBody(method.Body);
                }
            }
        }

        foreach (var type in module.GetTypes())
        {
            foreach (var field in type.Fields)
            {
                if (field.HasFieldRVA)
                {
                    AddStaticData(field.InitialValue);
                }
            }
        }
    }

    /// <summary>Encodes the tokens as the contract's resource format: a 2-byte little-endian length, then the bytes.</summary>
    /// <returns>The resource contents.</returns>
    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        Span<byte> length = stackalloc byte[2];
        foreach (var token in tokens)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)token.Length);
            stream.Write(length);
            stream.Write(token);
        }

        return stream.ToArray();
    }

    private void CollectFromBody(MethodBody body)
    {
        foreach (var instruction in body.Instructions)
        {
            switch (instruction.Operand)
            {
                case string text when instruction.OpCode.Code == Code.Ldstr:
                    Add(Encoding.UTF8.GetBytes(text));
                    break;
                case int value when instruction.OpCode.Code == Code.Ldc_I4:
                    AddInteger(value);
                    break;
                case long value when instruction.OpCode.Code == Code.Ldc_I8:
                    AddInteger(value);
                    break;
            }
        }
    }

    private void AddInteger(long value)
    {
        if (value is >= -SmallIntegerLimit and <= SmallIntegerLimit)
        {
            return;
        }

        // The narrowest width that holds the value either as signed or as unsigned, so that
        // 0xFFFF compared with a ushort and -2 compared with a short both produce 2 bytes.
        Span<byte> buffer = stackalloc byte[8];
        int width = value is >= short.MinValue and <= ushort.MaxValue ? 2
            : value is >= int.MinValue and <= uint.MaxValue ? 4
            : 8;
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        var little = buffer[..width].ToArray();
        var big = little.ToArray();
        Array.Reverse(big);
        Add(little);
        Add(big);
    }

    private void AddStaticData(byte[] data)
    {
        Add(data);

        // UTF-8 literals ("..."u8) are stored with a NUL terminator that the span leaves out.
        if (data.Length > 1 && data[^1] == 0 && data[^2] != 0)
        {
            Add(data[..^1]);
        }
    }

    private void Add(byte[] token)
    {
        if (token.Length is 0 or > MaxTokenLength || tokens.Count >= MaxTokens)
        {
            return;
        }

        if (seen.Add(Convert.ToHexString(token)))
        {
            tokens.Add(token);
        }
    }
}
