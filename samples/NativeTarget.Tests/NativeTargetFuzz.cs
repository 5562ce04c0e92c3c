using FuzzTest;

namespace NativeTarget.Tests;

/// <summary>
/// Fuzz tests of a C program (samples/NativeTarget) built with AFL++'s afl-cc: the saved inputs
/// in FuzzInputs/NativeTargetFuzz/Check replay through the program, and in fuzz mode its AFL
/// coverage map guides the fuzzer, exactly as for a managed [Fuzz] method.
/// </summary>
public class NativeTargetFuzz
{
    // The persistent build: deferred start, 10,000 inputs per child, inputs in shared memory.
    // The plain build works the same way: new("native/native-target", AflProgram.InputFile).
    [Fuzz(Timeout = 1000, MaxLength = 64)]
    public AflProgram Check() => new("native/native-target-persistent");
}
