namespace FuzzTest.Instrumentation;

/// <summary>
/// Names shared by the IL rewriter (FuzzTest.Instrumentation) and the engine. Both sides must
/// agree on them, so they live in one place.
/// </summary>
internal static class InstrumentationContract
{
    /// <summary>
    /// The type injected into every instrumented module. Its presence means "already
    /// instrumented" (an assembly is never instrumented twice). The angle brackets make it
    /// unnameable from C#, as compiler-generated types are.
    /// </summary>
    public const string MarkerTypeName = "<FuzzTestCoverage>";

    /// <summary>Static <c>byte*</c> field of the marker type: this module's first counter.</summary>
    public const string CountersFieldName = "Counters";

    /// <summary>
    /// Manifest resource holding the comparison constants found in the module, the fuzzer's
    /// dictionary. Format: a sequence of entries, each a 2-byte little-endian length then that
    /// many bytes of token.
    /// </summary>
    public const string DictionaryResourceName = "FuzzTest.Dictionary";
}
