using FuzzTest.Storage;
using FuzzTest.Tests.TestDoubles;

namespace FuzzTest.Tests.Storage;

public class AtomicFileTests
{
    [Fact]
    public void TryCreate_WhenFolderMissing_CreatesFolderAndFile()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("a", "b", "file");

        Assert.True(AtomicFile.TryCreate(path, [1, 2, 3]));

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void TryCreate_WhenFileExists_NeverOverwrites()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("finding");
        File.WriteAllBytes(path, [9]);

        Assert.False(AtomicFile.TryCreate(path, [1, 2, 3]));

        Assert.Equal(new byte[] { 9 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void TryCreate_LeavesNoTemporaryFiles()
    {
        using var temp = new TempFolder();

        AtomicFile.TryCreate(temp.Combine("x"), [1]);
        AtomicFile.TryCreate(temp.Combine("x"), [2]);

        Assert.Equal(["x"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void TryCreate_FromManyThreadsAtOnce_ExactlyOneWins()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("race");
        var wins = 0;

        Parallel.For(0, 16, i =>
        {
            if (AtomicFile.TryCreate(path, [(byte)i, (byte)i, (byte)i]))
            {
                Interlocked.Increment(ref wins);
            }
        });

        Assert.Equal(1, wins);
        var content = File.ReadAllBytes(path);
        Assert.Equal(3, content.Length);
        Assert.All(content, b => Assert.Equal(content[0], b));
    }

    [Fact]
    public void ContentHash_IsTheFirst16HexDigitsOfSha256()
    {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223...
        Assert.Equal("ba7816bf8f01cfea", AtomicFile.ContentHash("abc"u8));
    }
}
