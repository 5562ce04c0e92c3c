namespace FuzzTest.Forkserver;

/// <summary>Puts the next input where the target will read it.</summary>
internal interface ITestcaseWriter
{
    /// <summary>Makes <paramref name="input"/> the target's next input.</summary>
    void Write(ReadOnlySpan<byte> input);
}
