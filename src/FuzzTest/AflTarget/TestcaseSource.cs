using System.Globalization;
using System.Runtime.InteropServices;
using FuzzTest.Forkserver;

namespace FuzzTest.AflTarget;

/// <summary>
/// Where afl-fuzz puts each test case, in the order afl-fuzz itself prefers them: the
/// shared-memory segment when both sides agreed on it in the handshake (no file system on the
/// way), else the file named on the command line (<c>@@</c>), else standard input, which
/// afl-fuzz rewinds and rewrites before every run.
/// </summary>
internal abstract class TestcaseSource : IDisposable
{
    /// <summary>Reads the current test case.</summary>
    public abstract byte[] Read();

    /// <inheritdoc />
    public virtual void Dispose()
    {
    }

    /// <summary>The segment named by <see cref="AflProtocol.ShmFuzzIdVariable"/>, or null when afl-fuzz offers none.</summary>
    public static SharedMemorySource? Offered()
    {
        var text = Environment.GetEnvironmentVariable(AflProtocol.ShmFuzzIdVariable);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? SharedMemorySource.Attach(id) : null;
    }

    /// <summary>The file afl-fuzz substitutes for <c>@@</c>, or standard input when there is none.</summary>
    public static TestcaseSource FileOrStandardInput(string? path) => path is null ? new StandardInputSource() : new FileSource(path);

    /// <summary>The test-case segment: a u32 length, then the bytes (at most <see cref="AflProtocol.MaxInput"/>).</summary>
    internal sealed unsafe class SharedMemorySource : TestcaseSource
    {
        private byte* segment;

        private SharedMemorySource(byte* segment) => this.segment = segment;

        /// <summary>Attaches segment <paramref name="id"/>; null when it cannot be attached (then we do not offer it).</summary>
        public static SharedMemorySource? Attach(int id)
        {
            var address = Libc.ShmAttach(id, 0, 0);
            return address == -1 ? null : new SharedMemorySource((byte*)address);
        }

        /// <inheritdoc />
        public override byte[] Read()
        {
            ObjectDisposedException.ThrowIf(segment == null, this);
            var length = (int)Math.Min(*(uint*)segment, (uint)AflProtocol.MaxInput);
            return new ReadOnlySpan<byte>(segment + sizeof(uint), length).ToArray();
        }

        /// <inheritdoc />
        public override void Dispose()
        {
            if (segment != null)
            {
                Libc.ShmDetach((nint)segment);
                segment = null;
            }
        }
    }

    private sealed class FileSource(string path) : TestcaseSource
    {
        public override byte[] Read() => File.ReadAllBytes(path);
    }

    // afl-fuzz's stdin is its own test-case file, shared with us: read it from the start each
    // time, whatever offset the previous run left. A pipe is read once, to its end.
    private sealed unsafe class StandardInputSource : TestcaseSource
    {
        private const int StdIn = 0;
        private const int SeekSet = 0;
        private readonly byte[] chunk = new byte[64 * 1024];

        public override byte[] Read()
        {
            // A pipe cannot be rewound (afl-showmap passes its own stdin on): read what comes.
            _ = Libc.Seek(StdIn, 0, SeekSet);

            using var data = new MemoryStream();
            fixed (byte* buffer = chunk)
            {
                while (data.Length < AflProtocol.MaxInput)
                {
                    var n = Libc.Read(StdIn, buffer, chunk.Length);
                    if (n < 0 && Marshal.GetLastPInvokeError() == Libc.Interrupted)
                    {
                        continue;
                    }

                    if (n <= 0)
                    {
                        break;
                    }

                    data.Write(chunk, 0, (int)n);
                }
            }

            return data.ToArray();
        }
    }
}
