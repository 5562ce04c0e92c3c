using System.Buffers.Binary;

namespace FuzzTest.Forkserver;

/// <summary>
/// Test cases in a shared-memory segment (<c>__AFL_SHM_FUZZ_ID</c>): a u32 length, then the
/// bytes, read by the target's <c>__AFL_FUZZ_TESTCASE_LEN</c> / <c>__AFL_FUZZ_TESTCASE_BUF</c>.
/// No system call per run, which is what makes persistent mode fast.
/// </summary>
/// <param name="segment">A segment of <see cref="AflProtocol.MaxInput"/> + 4 bytes.</param>
internal sealed class SharedMemoryTestcase(SharedMemory segment) : ITestcaseWriter
{
    /// <summary>Bytes of the length word in front of the data.</summary>
    private const int LengthSize = sizeof(uint);

    /// <inheritdoc/>
    /// <remarks>Inputs longer than the segment are cut, as afl-fuzz cuts them at <c>MAX_FILE</c>.</remarks>
    public void Write(ReadOnlySpan<byte> input)
    {
        var bytes = segment.Bytes;
        var length = Math.Min(input.Length, bytes.Length - LengthSize);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)length);
        input[..length].CopyTo(bytes[LengthSize..]);
    }
}
