namespace FuzzTest.Sessions;

/// <summary>Receives the human-readable lines a session prints: status, findings, summary.</summary>
internal interface IStatusSink
{
    /// <summary>Shows one line.</summary>
    void WriteLine(string line);
}

