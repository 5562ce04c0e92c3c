namespace FuzzTest.Instrumentation;

/// <summary>What <see cref="AssemblyInstrumenter"/> did with one assembly.</summary>
internal enum InstrumentationOutcome
{
    /// <summary>The assembly was rewritten in place with probes.</summary>
    Instrumented,

    /// <summary>The assembly already carried the marker type and was left byte-for-byte as is.</summary>
    AlreadyInstrumented,
}
