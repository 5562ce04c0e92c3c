using System.Text;
using FuzzTest.Targets;

namespace FuzzTest.Tests.Targets;

public class FuzzTargetTests
{
    [Theory]
    [InlineData(nameof(Receiver.Bytes))]
    [InlineData(nameof(Receiver.Span))]
    [InlineData(nameof(Receiver.Memory))]
    [InlineData(nameof(Receiver.Stream))]
    [InlineData(nameof(Receiver.Text))]
    [InlineData(nameof(Receiver.Async))]
    public void EachParameterKind_ReceivesExactlyTheInputBytes(string name)
    {
        var receiver = new Receiver();
        var target = FuzzTarget.Bind(typeof(Receiver).GetMethod(name)!, receiver);
        var buffer = "héllo-and-more"u8.ToArray();

        target.Invoke(buffer, "héllo"u8.Length);

        Assert.Equal("héllo"u8.ToArray(), receiver.Seen);
    }

    [Fact]
    public void ExceptionsFromTheTarget_PropagateUnwrapped()
    {
        var target = FuzzTarget.Bind(typeof(Receiver).GetMethod(nameof(Receiver.Throws))!, new Receiver());

        Assert.Throws<FormatException>(() => target.Run([1]));
    }

    [Fact]
    public void UnsupportedSignature_IsRefusedWithTheReason()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FuzzTarget.Bind(typeof(Receiver).GetMethod(nameof(Receiver.Wrong))!, new Receiver()));

        Assert.Contains("Receiver.Wrong(int x) cannot be fuzzed", error.Message);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE0060", Justification = "Signatures under test.")]
    [Fact]
    public void AMethodReturningAnAflProgram_BindsToTheProgramItDescribes()
    {
        var target = FuzzTarget.Bind(typeof(Native).GetMethod(nameof(Native.Parser))!, new Native());

        Assert.NotNull(target.Program);
        Assert.Equal("build/parser", target.Program.Path);
        Assert.Equal([AflProgram.InputFile], target.Program.Arguments);
        Assert.Equal("1", target.Program.Environment["PARSER_STRICT"]);
        var error = Assert.Throws<InvalidOperationException>(() => target.Run([1]));
        Assert.Contains("forkserver", error.Message);
    }

    [Theory]
    [InlineData(nameof(Native.Nothing), "returned null")]
    [InlineData(nameof(Native.Broken), "threw while describing its native program: no build")]
    public void AnAflProgramMethodThatGivesNoProgram_IsRefusedWithTheReason(string name, string problem)
    {
        var error = Assert.Throws<InvalidOperationException>(() => FuzzTarget.Bind(typeof(Native).GetMethod(name)!, new Native()));
        Assert.Contains($"Native.{name}()", error.Message);
        Assert.Contains(problem, error.Message);
    }

    public sealed class Native
    {
        public AflProgram Parser()
        {
            var program = new AflProgram("build/parser", AflProgram.InputFile);
            program.Environment["PARSER_STRICT"] = "1";
            return program;
        }

        public AflProgram Nothing() => null!;

        public AflProgram Broken() => throw new FileNotFoundException("no build");
    }

    public sealed class Receiver
    {
        public byte[] Seen { get; private set; } = [];

        public void Bytes(byte[] data) => Seen = data;

        public void Span(ReadOnlySpan<byte> data) => Seen = data.ToArray();

        public void Memory(ReadOnlyMemory<byte> data) => Seen = data.ToArray();

        public void Stream(Stream data)
        {
            using var copy = new MemoryStream();
            data.CopyTo(copy);
            Seen = copy.ToArray();
        }

        public void Text(string data) => Seen = Encoding.UTF8.GetBytes(data);

        public async Task Async(byte[] data)
        {
            await Task.Yield();
            Seen = data;
        }

        public void Throws(byte[] data) => throw new FormatException();

        public void Wrong(int x)
        {
        }
    }
}
