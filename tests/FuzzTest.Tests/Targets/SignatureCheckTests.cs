using System.Reflection;
using FuzzTest.Targets;

namespace FuzzTest.Tests.Targets;

public class SignatureCheckTests
{
    [Theory]
    [InlineData(nameof(Samples.Bytes))]
    [InlineData(nameof(Samples.Span))]
    [InlineData(nameof(Samples.Memory))]
    [InlineData(nameof(Samples.Stream))]
    [InlineData(nameof(Samples.Text))]
    [InlineData(nameof(Samples.Async))]
    [InlineData(nameof(Samples.StaticSpan))]
    [InlineData(nameof(Samples.Program))]
    public void SupportedSignatures_HaveNoProblem(string name) =>
        Assert.Null(SignatureCheck.Problem(Get(name)));

    [Theory]
    [InlineData(nameof(Samples.Number), "parameter 'x' has type int")]
    [InlineData(nameof(Samples.Two), "it takes 2 parameters")]
    [InlineData(nameof(Samples.None), "it takes 0 parameters")]
    [InlineData(nameof(Samples.Returns), "it returns int")]
    [InlineData("Hidden", "it is not public")]
    [InlineData(nameof(Samples.Generic), "it is generic")]
    [InlineData(nameof(Samples.ProgramWithInput), "it returns an AflProgram but takes 1 parameter")]
    [InlineData(nameof(Samples.ProgramLater), "it returns Task<AflProgram>")]
    public void UnsupportedSignatures_NameTheMethodTheProblemAndWhatWorks(string name, string problem)
    {
        var message = SignatureCheck.Problem(Get(name));

        Assert.NotNull(message);
        Assert.StartsWith($"Samples.{name}(", message);
        Assert.Contains(problem, message);
        Assert.Contains("ReadOnlySpan<byte>", message);
        Assert.Contains("returns an AflProgram", message);
    }

    private static MethodInfo Get(string name) =>
        typeof(Samples).GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)!;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE0060", Justification = "Signatures under test.")]
    private sealed class Samples
    {
        public static void StaticSpan(ReadOnlySpan<byte> data) { }
        public void Bytes(byte[] data) { }
        public void Span(ReadOnlySpan<byte> data) { }
        public void Memory(ReadOnlyMemory<byte> data) { }
        public void Stream(Stream data) { }
        public void Text(string data) { }
        public Task Async(byte[] data) => Task.CompletedTask;
        public void Number(int x) { }
        public void Two(byte[] a, byte[] b) { }
        public void None() { }
        public int Returns(byte[] data) => 0;
        public void Generic<T>(byte[] data) { }
        internal void Hidden(byte[] data) { }
        public AflProgram Program() => new("parser");
        public AflProgram ProgramWithInput(byte[] data) => new("parser");
        public Task<AflProgram> ProgramLater() => Task.FromResult(new AflProgram("parser"));
    }
}
