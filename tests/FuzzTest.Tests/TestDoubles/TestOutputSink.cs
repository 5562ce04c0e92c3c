using FuzzTest.Sessions;
using Xunit.Abstractions;

namespace FuzzTest.Tests.TestDoubles;

/// <summary>Sends a session's lines to the test's output, where they explain a failure.</summary>
internal sealed class TestOutputSink(ITestOutputHelper output) : IStatusSink
{
    /// <inheritdoc />
    public void WriteLine(string line) => output.WriteLine(line);
}
