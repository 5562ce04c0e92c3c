namespace FuzzTest.Tests.AflTarget;

/// <summary>A fact that needs one of AFL++'s tools; skipped, saying how to install it, when it is not on PATH.</summary>
public sealed class AflToolFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when <paramref name="tool"/> is missing.</summary>
    /// <param name="tool">afl-fuzz, afl-showmap, afl-tmin…</param>
    public AflToolFactAttribute(string tool)
    {
        if (!OperatingSystem.IsLinux()) Skip = "AFL++ targets are Linux only.";
        else if (AflLauncher.Tool(tool) is null) Skip = $"{tool} not found: install AFL++ with `apt-get install -y afl++` to run this test.";
    }
}
