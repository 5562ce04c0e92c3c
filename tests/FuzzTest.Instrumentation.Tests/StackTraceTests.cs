using System.Diagnostics;
using System.Globalization;
using FuzzTest.TestTargets;

namespace FuzzTest.Instrumentation.Tests;

public class StackTraceTests
{
    [Fact]
    public void InstrumentedCodeKeepsFileAndLineInStackTraces()
    {
        var hits = new InvalidOperationException[1];
        var lit = Coverage.Hits(typeof(Thrower).Assembly, () => hits[0] = Assert.Throws<InvalidOperationException>(() => Thrower.Throw()));
        var exception = hits[0];
        var line = int.Parse(exception.Message, CultureInfo.InvariantCulture);

        // Thrower's probes ran, so the IL really was rewritten (offsets moved) ...
        Assert.NotEmpty(lit);

        // ... and the rewritten PDB still maps the throw to its source line.
        Assert.Contains($"Thrower.cs:line {line}", exception.StackTrace, StringComparison.Ordinal);
        var frame = new StackTrace(exception, fNeedFileInfo: true).GetFrame(0)!;
        Assert.Equal(nameof(Thrower.Throw), frame.GetMethod()!.Name);
        Assert.Equal(line, frame.GetFileLineNumber());
        Assert.EndsWith("Thrower.cs", frame.GetFileName(), StringComparison.Ordinal);
    }
}
