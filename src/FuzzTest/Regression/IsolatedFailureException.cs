namespace FuzzTest.Regression;

/// <summary>
/// A saved input failed in a worker process. The original exception cannot cross the process
/// boundary, so its type, message and stack (with file and line) are carried as text.
/// </summary>
internal sealed class IsolatedFailureException : Exception
{
    /// <summary>Creates the exception with the worker's account of the failure.</summary>
    public IsolatedFailureException(string message)
        : base(message)
    {
    }
}
