namespace FuzzTest.Acceptance.Tests;

/// <summary>
/// One built copy of the sample, extended with [Fuzz] methods that show how FuzzTest treats a
/// wrong signature and a method without saved inputs. The tests that use it only read it, so
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

    /// <summary>Copies and builds the extended sample.</summary>
    public ExtraFuzzSampleFixture()
    {
        Copy = SampleCopy.Create("extras");
        try
        {
            Copy.WriteTestFile("BadSignatureFuzz.cs", BadSignatureSource);
            Copy.WriteTestFile("EmptyInputFuzz.cs", EmptyInputSource);
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
