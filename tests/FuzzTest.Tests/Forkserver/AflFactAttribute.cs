namespace FuzzTest.Tests.Forkserver;

/// <summary>A fact that needs AFL++'s compiler; skipped, saying how to install it, when afl-cc is not on PATH.</summary>
public sealed class AflFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when afl-cc is missing.</summary>
    public AflFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "The forkserver executor is Linux only.";
        else if (!NativeTargets.CompilerAvailable) Skip = "afl-cc not found: install AFL++ with `apt-get install -y afl++` to run the forkserver tests.";
    }
}
