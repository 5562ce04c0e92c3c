namespace FuzzTest.Acceptance.Tests;

/// <summary>A fact that builds the native sample with AFL++'s compiler; skipped, saying how to install it, when afl-cc is not on PATH.</summary>
public sealed class NativeFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the platform or afl-cc is missing.</summary>
    public NativeFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Native programs are fuzzed through AFL++'s forkserver on Linux only.";
        }
        else if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "afl-cc"))))
        {
            Skip = "afl-cc not found: install AFL++ with `apt-get install -y afl++` to run the native sample's tests.";
        }
    }
}
