namespace FuzzTest.Executors;

/// <summary>
/// Keeps the input being run where it outlives this process (a memory-mapped file, or the
/// map shared with a parent), so whoever finds the process dead knows what killed it.
/// </summary>
internal interface IRunRecord
{
    /// <summary>Records that a run of the first <paramref name="length"/> bytes of <paramref name="buffer"/> begins.</summary>
    void Begin(byte[] buffer, int length);

    /// <summary>Records that the run ended (normally or with an exception).</summary>
    void End();
}
