using System.Runtime.InteropServices;

namespace FuzzTest.Randomness;

/// <summary>
/// The complete state of a <see cref="Xoshiro256StarStar"/>: 32 bytes, blittable, so a worker can
/// copy it into a shared-memory header and a coordinator can resume the exact sequence after a crash.
/// </summary>
/// <remarks>
/// Layout (little-endian on every supported platform):
/// <code>
/// offset  0: S0 (8 bytes)
/// offset  8: S1 (8 bytes)
/// offset 16: S2 (8 bytes)
/// offset 24: S3 (8 bytes)
/// </code>
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct Xoshiro256State(ulong S0, ulong S1, ulong S2, ulong S3)
{
    /// <summary>Size of the state in bytes, for reserving room in a shared header.</summary>
    public const int Size = 4 * sizeof(ulong);

    /// <summary>True for the one state xoshiro cannot leave: it would return 0 forever.</summary>
    public bool IsAllZero => (S0 | S1 | S2 | S3) == 0;
}
