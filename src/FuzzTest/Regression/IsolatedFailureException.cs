namespace FuzzTest.Regression;

/// <summary>
/// A saved input failed in another process: a worker (the original exception cannot cross the
/// process boundary, so its type, message and stack are carried as text) or a native program
/// run through its forkserver (the signal and what the program printed).
/// </summary>
internal sealed class IsolatedFailureException : Exception
{
    /// <summary>Creates the exception with the worker's account of the failure.</summary>
    public IsolatedFailureException(string message)
        : base(message)
    {
    }
}
