namespace FuzzTest.Instrumentation;

/// <summary>
/// An assembly that cannot be instrumented, with a message that says what is wrong and what
/// the user can do about it. The command line prints it as an MSBuild error.
/// </summary>
internal sealed class InstrumentationException(string message) : Exception(message);
