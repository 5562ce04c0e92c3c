using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace FuzzTest.Xunit;

/// <summary>
/// The test collection that fuzz sessions join: xUnit runs a collection with parallelization
/// disabled on its own, after the parallel ones, so no other test adds coverage noise to a
/// session (coverage counters are process-wide). Implementation detail: public because xUnit
/// loads it by name when a serialized session is run.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzSessionCollection
{
    /// <summary>The collection's display name.</summary>
    public const string Name = "FuzzTest fuzz sessions";

    /// <summary>
    /// Moves <paramref name="testMethod"/> into this collection, unless its class already belongs
    /// to a collection the user defined (whose fixtures its constructor may need).
    /// </summary>
    internal static ITestMethod Adopt(ITestMethod testMethod)
    {
        var original = testMethod.TestClass.TestCollection;
        if (original.CollectionDefinition is not null)
        {
            return testMethod;
        }

        var collection = new TestCollection(original.TestAssembly, Reflector.Wrap(typeof(FuzzSessionCollection)), Name);
        var testClass = new TestClass(collection, testMethod.TestClass.Class);
        return new TestMethod(testClass, testMethod.Method);
    }
}
