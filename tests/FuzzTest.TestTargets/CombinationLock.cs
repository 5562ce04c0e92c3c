using System.Buffers.Binary;

namespace FuzzTest.TestTargets;

/// <summary>
/// A bug behind an 8-byte code computed at run time: in no dictionary and beyond blind
/// guessing, so a session reaches it only if another fuzzer hands it the key.
/// </summary>
public static class CombinationLock
{
    private static readonly ulong Code = Mix(0x5EED);

    /// <summary>The input that opens the lock.</summary>
    public static byte[] Key()
    {
        var key = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(key, Code);
        return key;
    }

    /// <summary>Throws when the input starts with the key.</summary>
    public static void Open(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 8 && BinaryPrimitives.ReadUInt64LittleEndian(data) == Code)
        {
            throw new InvalidOperationException("the lock opened");
        }
    }

    // splitmix64's finalizer: the result appears nowhere in the code.
    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
