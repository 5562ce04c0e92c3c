using FuzzTest.Corpus;
using FuzzTest.Storage;
using FuzzTest.Tests.TestDoubles;

namespace FuzzTest.Tests.Corpus;

public class OnDiskCorpusTests
{
    [Fact]
    public void Add_WritesOneFileNamedByContentHash()
    {
        using var temp = new TempFolder();
        var corpus = new OnDiskCorpus(temp.Combine("corpus"));

        corpus.Add(new CorpusEntry([1, 2], [0], 1));
        corpus.Add(new CorpusEntry([1, 2], [1], 1));

        Assert.Equal(2, corpus.Count);
        var file = Assert.Single(Directory.GetFiles(corpus.Folder));
        Assert.Equal(AtomicFile.ContentHash([1, 2]), Path.GetFileName(file));
    }

    [Fact]
    public void ReadExisting_ReturnsWhatAnEarlierSessionWrote_InNameOrder()
    {
        using var temp = new TempFolder();
        new OnDiskCorpus(temp.Path).Add(new CorpusEntry([7], [], 1));
        File.WriteAllBytes(temp.Combine(".partial.tmp"), [0]);

        var again = new OnDiskCorpus(temp.Path).ReadExisting().ToList();

        Assert.Equal(new byte[] { 7 }, Assert.Single(again));
    }

    [Fact]
    public void ReadExisting_WhenFolderMissing_IsEmpty()
    {
        using var temp = new TempFolder();
        Assert.Empty(new OnDiskCorpus(temp.Combine("none")).ReadExisting());
    }
}
