using Xunit.Abstractions;

namespace FuzzTest.Xunit;

/// <summary>Test output inside a worker: written to its stderr, which the parent keeps for failure reports.</summary>
internal sealed class WorkerOutputHelper : ITestOutputHelper
{
    /// <inheritdoc />
    public void WriteLine(string message) => Console.Error.WriteLine(message);

    /// <inheritdoc />
    public void WriteLine(string format, params object[] args) => Console.Error.WriteLine(format, args);
}
