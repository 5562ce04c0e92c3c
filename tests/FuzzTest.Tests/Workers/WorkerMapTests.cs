using System.Buffers.Binary;
using FuzzTest.Randomness;
using FuzzTest.Tests.TestDoubles;
using FuzzTest.Workers;

namespace FuzzTest.Tests.Workers;

public unsafe class WorkerMapTests
{
    [Fact]
    public void Header_IsTheDocumentedLayout()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("layout.map");
        using var map = WorkerMap.Create(path, inputCapacity: 10, counterCapacity: 64);
        map.RandomState = new Xoshiro256State(0x0102030405060708, 0x1112131415161718, 0x2122232425262728, 0x3132333435363738);
        map.Covered = 17;
        map.CorpusCount = 5;
        map.BeginRun([0xAA, 0xBB, 0xCC]);

        var bytes = File.ReadAllBytes(path);

        Assert.Equal("FTWM"u8.ToArray(), bytes[..4]);
        Assert.Equal(WorkerMap.Magic, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(1u, U32(bytes, 4));
        Assert.Equal(128u, U32(bytes, 8));
        Assert.Equal(0u, U32(bytes, 12));
        Assert.Equal(128u, U32(bytes, 16));
        Assert.Equal(10u, U32(bytes, 20));
        Assert.Equal(4096u, U32(bytes, 24));
        Assert.Equal(64u, U32(bytes, 28));
        Assert.Equal(0u, U32(bytes, 32));
        Assert.Equal(1u, U32(bytes, 36));
        Assert.Equal(3u, U32(bytes, 40));
        Assert.Equal(0u, U32(bytes, 44));
        Assert.Equal(1ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(48)));
        Assert.Equal(0x0102030405060708ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(56)));
        Assert.Equal(0x1112131415161718ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(64)));
        Assert.Equal(0x2122232425262728ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(72)));
        Assert.Equal(0x3132333435363738ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(80)));
        Assert.Equal(17u, U32(bytes, 88));
        Assert.Equal(5u, U32(bytes, 92));
        Assert.All(bytes[96..128], b => Assert.Equal(0, b));
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, bytes[128..131]);
        Assert.Equal(4096 + 64, bytes.Length);
    }

    [Fact]
    public void EndRun_AttachAndCounters_LandAtTheirOffsets()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("offsets.map");
        using var parent = WorkerMap.Create(path, inputCapacity: 10, counterCapacity: 64);
        using var worker = WorkerMap.Attach(path);
        worker.BeginRun([1]);
        worker.EndRun();
        worker.CountersUsed = 9;
        worker.Counters[0] = 0x5A;
        worker.Counters[63] = 0xA5;

        var bytes = File.ReadAllBytes(path);

        Assert.Equal((uint)Environment.ProcessId, U32(bytes, 12));
        Assert.Equal(9u, U32(bytes, 32));
        Assert.Equal(0u, U32(bytes, 36));
        Assert.Equal(0x5A, bytes[4096]);
        Assert.Equal(0xA5, bytes[4096 + 63]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096 - 128)]
    [InlineData(4096 - 127)]
    [InlineData(4096)]
    [InlineData(100_000)]
    public void CountersOffset_IsPageAligned_AndAfterTheInput(int inputCapacity)
    {
        using var temp = new TempFolder();
        var path = temp.Combine("aligned.map");
        using var map = WorkerMap.Create(path, inputCapacity, counterCapacity: 16);

        var offset = (int)U32(File.ReadAllBytes(path), 24);

        Assert.Equal(0, offset % 4096);
        Assert.True(offset >= WorkerMap.HeaderSize + inputCapacity);
        Assert.True(offset < WorkerMap.HeaderSize + inputCapacity + 4096);
    }

    [Fact]
    public void Attach_OfAFileWithWrongMagic_ThrowsNamingThePath()
    {
        using var temp = new TempFolder();
        var bytes = ValidMapBytes(temp);
        bytes[0] = (byte)'X';
        var path = temp.Combine("magic.map");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => WorkerMap.Attach(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("FTWM", error.Message);
    }

    [Fact]
    public void Attach_OfAnotherVersion_ThrowsNamingThePathAndBothVersions()
    {
        using var temp = new TempFolder();
        var bytes = ValidMapBytes(temp);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 2);
        var path = temp.Combine("version.map");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => WorkerMap.Attach(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("version 2", error.Message);
        Assert.Contains("version 1", error.Message);
    }

    [Fact]
    public void Attach_OfAWrongHeaderSize_ThrowsNamingThePath()
    {
        using var temp = new TempFolder();
        var bytes = ValidMapBytes(temp);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 64);
        var path = temp.Combine("header.map");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => WorkerMap.Attach(path));

        Assert.Contains(path, error.Message);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(4096)]
    [InlineData(4096 + 63)]
    public void Attach_OfATruncatedFile_ThrowsNamingThePath(int length)
    {
        using var temp = new TempFolder();
        var bytes = ValidMapBytes(temp);
        var path = temp.Combine("truncated.map");
        File.WriteAllBytes(path, bytes[..length]);

        var error = Assert.Throws<InvalidDataException>(() => WorkerMap.Attach(path));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Attach_OfAValidCopy_Succeeds()
    {
        // The negative tests above edit this same copy: without this one they could pass for a
        // reason other than the byte they change.
        using var temp = new TempFolder();
        var path = temp.Combine("copy.map");
        File.WriteAllBytes(path, ValidMapBytes(temp));

        using var map = WorkerMap.Attach(path);

        Assert.Equal(10, map.InputCapacity);
        Assert.Equal(64, map.CounterCapacity);
    }

    [Fact]
    public void ParentAndWorkerViews_SeeEachOthersWrites()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("shared.map");
        using var parent = WorkerMap.Create(path, inputCapacity: 8, counterCapacity: 32);
        Assert.Equal(0, parent.WorkerPid);

        using var worker = WorkerMap.Attach(path);

        Assert.Equal(Environment.ProcessId, parent.WorkerPid);
        Assert.Equal(parent.InputCapacity, worker.InputCapacity);
        Assert.Equal(parent.CounterCapacity, worker.CounterCapacity);

        worker.Counters[5] = 7;
        worker.CountersUsed = 6;
        Assert.Equal(7, parent.Counters[5]);
        Assert.Equal(6, parent.CountersUsed);

        Assert.False(worker.StopRequested);
        parent.StopRequested = true;
        Assert.True(worker.StopRequested);

        var state = new Xoshiro256State(1, 2, 3, 4);
        worker.RandomState = state;
        worker.Covered = 11;
        worker.CorpusCount = 3;
        worker.BeginRun("hey"u8);
        Assert.Equal(1, parent.Executions);
        Assert.True(parent.IsRunning);
        Assert.Equal("hey"u8.ToArray(), parent.CurrentInput());
        Assert.Equal(state, parent.RandomState);
        Assert.Equal(11, parent.Covered);
        Assert.Equal(3, parent.CorpusCount);

        worker.EndRun();
        worker.BeginRun([]);
        Assert.Equal(2, parent.Executions);
        Assert.Empty(parent.CurrentInput());
        worker.EndRun();
        Assert.False(parent.IsRunning);
    }

    [Fact]
    public void BeginRun_WithAnInputLongerThanTheCapacity_Throws_AndPublishesNothing()
    {
        using var temp = new TempFolder();
        using var map = WorkerMap.Create(temp.Combine("long.map"), inputCapacity: 4, counterCapacity: 0);
        map.BeginRun([1, 2, 3, 4]);
        map.EndRun();

        Assert.Throws<ArgumentException>(() => map.BeginRun([1, 2, 3, 4, 5]));

        Assert.Equal(1, map.Executions);
        Assert.False(map.IsRunning);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, map.CurrentInput());
    }

    [Fact]
    public void CountersUsed_BeyondTheCapacity_Throws()
    {
        using var temp = new TempFolder();
        using var map = WorkerMap.Create(temp.Combine("used.map"), inputCapacity: 4, counterCapacity: 8);

        Assert.Throws<ArgumentOutOfRangeException>(() => map.CountersUsed = 9);
    }

    [Fact]
    public void Unlink_RemovesTheFile_WhileBothViewsStayUsable()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("unlink.map");
        using var parent = WorkerMap.Create(path, inputCapacity: 8, counterCapacity: 32);
        using var worker = WorkerMap.Attach(path);

        parent.Unlink();
        parent.Unlink();

        Assert.False(File.Exists(path));
        worker.Counters[31] = 9;
        worker.BeginRun([42]);
        Assert.Equal(9, parent.Counters[31]);
        Assert.Equal(new byte[] { 42 }, parent.CurrentInput());
    }

    [Fact]
    public void Unlink_DoesNotRemoveALaterFileOfTheSameName()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("reused.map");
        using var first = WorkerMap.Create(path, inputCapacity: 8, counterCapacity: 8);
        first.Unlink();
        using var second = WorkerMap.Create(path, inputCapacity: 8, counterCapacity: 8);

        first.Unlink();

        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Dispose_IsIdempotent_AndOnlyTheParentRemovesTheFile()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("dispose.map");
        var parent = WorkerMap.Create(path, inputCapacity: 8, counterCapacity: 8);
        var worker = WorkerMap.Attach(path);

        worker.Dispose();
        worker.Dispose();
        Assert.True(File.Exists(path));
        Assert.Throws<ObjectDisposedException>(() => worker.BeginRun([1]));

        parent.Dispose();
        parent.Dispose();
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Create_RefusesAnExistingFile()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("exists.map");
        File.WriteAllBytes(path, [1, 2, 3]);

        Assert.Throws<IOException>(() => WorkerMap.Create(path, inputCapacity: 8, counterCapacity: 8));

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void NewPath_IsUniqueAndNamesTheParent()
    {
        var first = WorkerMap.NewPath();
        var second = WorkerMap.NewPath();

        Assert.NotEqual(first, second);
        var expectedFolder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        Assert.Equal(Path.GetFullPath(expectedFolder).TrimEnd(Path.DirectorySeparatorChar), Path.GetDirectoryName(first));
        Assert.StartsWith($"fuzztest-{Environment.ProcessId}-", Path.GetFileName(first));
        Assert.EndsWith(".map", first);
    }

    private static uint U32(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));

    /// <summary>The bytes of a freshly created map with 10 input bytes and 64 counters.</summary>
    private static byte[] ValidMapBytes(TempFolder temp)
    {
        var path = temp.Combine("template-" + Guid.NewGuid().ToString("N") + ".map");
        using var map = WorkerMap.Create(path, inputCapacity: 10, counterCapacity: 64);
        return File.ReadAllBytes(path);
    }
}
