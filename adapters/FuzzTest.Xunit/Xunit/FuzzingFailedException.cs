namespace FuzzTest.Xunit;

/// <summary>The failure of a fuzz session; its message lists every finding with its saved file and replay command.</summary>
internal sealed class FuzzingFailedException(string message) : Exception(message)
{
    /// <summary>The stack of the session itself says nothing; each finding carries its own.</summary>
    public override string? StackTrace => null;
}
