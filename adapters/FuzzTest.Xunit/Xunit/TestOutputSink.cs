using FuzzTest.Sessions;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace FuzzTest.Xunit;

/// <summary>
/// Sends session lines to the test's output (shown with the result) and, live, to xUnit's
/// diagnostic messages, which <c>dotnet test</c> and IDEs print as they arrive when the test
/// project enables them (<c>"diagnosticMessages": true</c> in xunit.runner.json).
/// </summary>
internal sealed class TestOutputSink(TestOutputHelper helper, IMessageSink diagnostics) : IStatusSink
{
    /// <inheritdoc />
    public void WriteLine(string line)
    {
        helper.WriteLine(line);
        diagnostics.OnMessage(new DiagnosticMessage(line));
    }
}
