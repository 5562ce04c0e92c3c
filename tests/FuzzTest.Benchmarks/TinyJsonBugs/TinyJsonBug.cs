namespace FuzzTest.Benchmarks.TinyJsonBugs;

/// <summary>
/// The planted TinyJson bugs (samples/TinyJson/README.md) that an in-process session survives
/// with the default options. The hang and the stack overflow need other options and end the process.
/// </summary>
internal enum TinyJsonBug
{
    /// <summary>#1: an input of exactly "#TJ1" reads the version byte past the end.</summary>
    Header,

    /// <summary>#2: input that ends inside a \u escape reads hex digits past the end.</summary>
    Escape,

    /// <summary>#3: array → object → empty array desynchronizes the path tracker.</summary>
    Nesting,
}
