using FuzzTest.Sessions;
using Xunit.Sdk;

namespace FuzzTest.Xunit;

/// <summary>
/// Sends session lines to the test's output (shown with the result, and live where the runner
/// shows live output) and to the host's standard error, which <c>dotnet test</c> passes through.
/// </summary>
internal sealed class TestOutputSink(TestOutputHelper helper) : IStatusSink
{
    /// <inheritdoc />
    public void WriteLine(string line)
    {
        helper.WriteLine(line);
        Console.Error.WriteLine(line);
    }
}
