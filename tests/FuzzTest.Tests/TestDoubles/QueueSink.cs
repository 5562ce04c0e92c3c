using System.Collections.Concurrent;
using FuzzTest.Sessions;

namespace FuzzTest.Tests.TestDoubles;

/// <summary>Collects a session's status lines, from whichever thread writes them, for a test to read.</summary>
internal sealed class QueueSink(ConcurrentQueue<string> lines) : IStatusSink
{
    /// <inheritdoc />
    public void WriteLine(string line) => lines.Enqueue(line);
}
