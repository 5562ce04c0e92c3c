namespace FuzzTest.Acceptance.Tests;

/// <summary>
/// One built copy of the sample, extended with [Fuzz] methods that show how FuzzTest treats a
/// wrong signature, a method without saved inputs, and a test class with a fixture. The tests that use it only read it, so
/// they share one build (the expensive part) and run one after another in one class.
/// </summary>
public sealed class ExtraFuzzSampleFixture : IDisposable
{
    /// <summary>A method xUnit would accept as a theory but FuzzTest cannot feed.</summary>
    public const string BadSignatureSource = """
        using FuzzTest;

        namespace TinyJson.Tests;

        public class BadSignatureFuzz
        {
            [Fuzz]
            public void Bad(int x)
            {
            }
        }
        """;

    /// <summary>
    /// Two methods without a FuzzInputs folder: one passes only on the empty input, the other
    /// fails only on it, so together they show that the empty input, and only it, is run.
    /// </summary>
    public const string EmptyInputSource = """
        using FuzzTest;

        namespace TinyJson.Tests;

        public class EmptyInputFuzz
        {
            [Fuzz]
            public void Empty(byte[] data)
            {
                if (data.Length != 0)
                {
                    throw new InvalidOperationException($"Empty got {data.Length} bytes");
                }
            }

            [Fuzz]
            public void ThrowsOnEmpty(byte[] data)
            {
                if (data.Length == 0)
                {
                    throw new InvalidOperationException("ThrowsOnEmpty was called with the empty input");
                }
            }
        }
        """;

    /// <summary>
    /// A test class the way xUnit users write them: an output helper and a class fixture in the
    /// constructor, a [Fact] beside the [Fuzz]. Its one failure names the fixture's state, so a
    /// report proves that the worker process built the class, its fixture and its output helper
    /// as xUnit would.
    /// </summary>
    public const string FixtureSource = """
        using FuzzTest;
        using Xunit;
        using Xunit.Abstractions;

        namespace TinyJson.Tests;

        public sealed class GreetingFixture
        {
            public string Greeting { get; } = "fixture built in process " + Environment.ProcessId;
        }

        public class FixtureFuzz(GreetingFixture fixture, ITestOutputHelper output) : IClassFixture<GreetingFixture>
        {
            [Fact]
            public void Plain() => output.WriteLine(fixture.Greeting);

            [Fuzz]
            public void Greet(ReadOnlySpan<byte> data)
            {
                output.WriteLine($"{data.Length} bytes");
                if (data.Length >= 2 && data[0] == (byte)'X')
                {
                    throw new InvalidOperationException(fixture.Greeting);
                }
            }
        }
        """;

    /// <summary>Copies and builds the extended sample.</summary>
    public ExtraFuzzSampleFixture()
    {
        Copy = SampleCopy.Create("extras");
        try
        {
            Copy.WriteTestFile("BadSignatureFuzz.cs", BadSignatureSource);
            Copy.WriteTestFile("EmptyInputFuzz.cs", EmptyInputSource);
            Copy.WriteTestFile("FixtureFuzz.cs", FixtureSource);
            Copy.Build();
        }
        catch
        {
            Copy.Dispose();
            throw;
        }
    }

    /// <summary>The built copy.</summary>
    public SampleCopy Copy { get; }

    /// <inheritdoc />
    public void Dispose() => Copy.Dispose();
}
