namespace FuzzTest.Instrumentation;

/// <summary>The outcome of instrumenting one assembly.</summary>
/// <param name="AssemblyPath">The assembly file.</param>
/// <param name="Outcome">Whether it was rewritten or left alone.</param>
/// <param name="ProbeCount">Counters the module registers (0 when left alone).</param>
/// <param name="DictionaryTokenCount">Tokens written to the dictionary resource (0 when left alone).</param>
/// <param name="Elapsed">Time spent on this assembly, reading and writing included.</param>
internal sealed record InstrumentationResult(
    string AssemblyPath,
    InstrumentationOutcome Outcome,
    int ProbeCount,
    int DictionaryTokenCount,
    TimeSpan Elapsed);
