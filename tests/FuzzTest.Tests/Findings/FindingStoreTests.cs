using FuzzTest.Findings;
using FuzzTest.Storage;
using FuzzTest.Tests.TestDoubles;

namespace FuzzTest.Tests.Findings;

public class FindingStoreTests
{
    [Fact]
    public void Save_NamesCrashesAndTimeoutsByContent()
    {
        using var temp = new TempFolder();
        var store = new FindingStore(temp.Path);

        var crash = store.Save(FindingKind.Crash, "boom"u8);
        var hang = store.Save(FindingKind.Timeout, "loop"u8);

        Assert.Equal("crash-" + AtomicFile.ContentHash("boom"u8), Path.GetFileName(crash));
        Assert.Equal("timeout-" + AtomicFile.ContentHash("loop"u8), Path.GetFileName(hang));
        Assert.Equal("boom"u8.ToArray(), File.ReadAllBytes(crash));
    }

    [Fact]
    public void Save_TheSameInputTwice_KeepsOneFile()
    {
        using var temp = new TempFolder();
        var store = new FindingStore(temp.Path);

        Assert.Equal(store.Save(FindingKind.Crash, [1]), store.Save(FindingKind.Crash, [1]));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Theory]
    [InlineData("crash-0123456789abcdef", true)]
    [InlineData("timeout-0123456789abcdef", true)]
    [InlineData("seed-object", false)]
    [InlineData("my-crash-case", false)]
    public void IsFinding_RecognisesPrefixes(string name, bool expected) =>
        Assert.Equal(expected, FindingStore.IsFinding(name));
}
