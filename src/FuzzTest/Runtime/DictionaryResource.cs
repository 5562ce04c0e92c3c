using System.Buffers.Binary;
using System.Reflection;
using FuzzTest.Instrumentation;

namespace FuzzTest.Runtime;

/// <summary>Reads the comparison constants that instrumentation stored in an assembly (the fuzzer's dictionary).</summary>
internal static class DictionaryResource
{
    /// <summary>The tokens of <paramref name="assembly"/>; none when it carries no dictionary.</summary>
    public static IEnumerable<byte[]> Read(Assembly assembly)
    {
        using var stream = assembly.GetManifestResourceStream(InstrumentationContract.DictionaryResourceName);
        if (stream is null)
        {
            return [];
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        var tokens = new List<byte[]>();
        for (var at = 0; at + 2 <= bytes.Length;)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));
            at += 2;
            if (at + length > bytes.Length)
            {
                break;
            }

            tokens.Add(bytes.AsSpan(at, length).ToArray());
            at += length;
        }

        return tokens;
    }
}
