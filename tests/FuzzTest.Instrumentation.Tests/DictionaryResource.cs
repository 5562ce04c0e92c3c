using System.Buffers.Binary;
using System.Reflection;

namespace FuzzTest.Instrumentation.Tests;

/// <summary>Decodes the dictionary resource format described in <see cref="InstrumentationContract"/>.</summary>
internal static class DictionaryResource
{
    /// <summary>The tokens of <paramref name="assembly"/>'s dictionary, as hex strings for readable assertions.</summary>
    public static List<string> Read(Assembly assembly)
    {
        using var stream = assembly.GetManifestResourceStream(InstrumentationContract.DictionaryResourceName)
            ?? throw new InvalidOperationException("no dictionary resource");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray().AsSpan();
        var tokens = new List<string>();
        while (bytes.Length > 0)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
            tokens.Add(Convert.ToHexString(bytes.Slice(2, length)));
            bytes = bytes[(2 + length)..];
        }

        return tokens;
    }
}
